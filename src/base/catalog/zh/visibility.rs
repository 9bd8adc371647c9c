//! The Chinese words of [`Visibility`]: one arm per message, so that none can be missing.

use crate::base::catalog::Visibility;

/// The Chinese text of `m`.
pub(super) fn text(m: &Visibility) -> String {
    match m {
        Visibility::AudienceCase { id, other } => {
            format!("部门 `{id}` 与 `{other}` 只有大小写不同：在 Windows 和 macOS 上它们的文件夹是同一个")
        }
        Visibility::Form => "`visibility` 应为 `all` 或部门 id 的列表".into(),
        Visibility::Example => "例如 `visibility: [hr, finance]`；不写则人人可读该协议".into(),
        Visibility::NoUnit { unit } => format!("没有 id 为 `{unit}` 的部门"),
        Visibility::SitePath { path } => format!(
            "网站地址的路径 `{path}` 中有服务器规则无法按原样匹配的字符：请把网站发布在由字母、数字、`-`、`_`、`.` 和 `~` 组成的路径下"
        ),
        Visibility::SiteFile { path } => {
            format!("网站地址的路径 `{path}` 指向一个文件：请给出网站所在的文件夹，以 `/` 结尾")
        }
        Visibility::Nested { other, dir } => format!(
            "本协议的文件夹与 `{other}` 的文件夹一个在另一个的 `{dir}/` 之中：其文件会被当作另一协议的文件发布，不论谁可以阅读"
        ),
        Visibility::Misspelled { key } => {
            format!("`{key}` 不是 `visibility`：宁可不构建，也不把该协议公开给所有人")
        }
        Visibility::Header { header } => format!("`{header}` 不是请求头的名称（字母、数字和 `-`）"),
        Visibility::TitleForm => {
            "`visibility_title` 应为 `public`（标题在人人可读处显示）或 `restricted`（默认）".into()
        }
        Visibility::TitleForAll => "`visibility_title` 不起作用：该协议人人可读（没有 `visibility`）".into(),
        Visibility::NoWay { key } => {
            format!(
                "`{key}` 不是 `access` 的方式（`header`、`auth_request` 或 `basic`）：宁可不生成规则，也不换用别的方式"
            )
        }
        Visibility::NoWayGiven => {
            "`access` 没有指定让服务器得知读者部门的方式：请写 `header`、`auth_request` 或 `basic`".into()
        }
        Visibility::ClientHeader { header } => {
            format!("`{header}` 是客户端自己发送的请求头：读者可以借它自称某部门的成员")
        }
        Visibility::MisspelledAccess { key } => {
            format!("`{key}` 不是 `access`：宁可不生成规则，也不按默认方式生成")
        }
        Visibility::PartyCannotRead { unit, agreement, audience } => format!(
            "部门 `{unit}` 是协议 `{agreement}` 的一方，却不能阅读它（`visibility` 只列出 {audience}）：其成员将看不到自己的协议"
        ),
        Visibility::OneWay { key } => format!(
            "`access` 只能指定一种让服务器得知读者部门的方式：`{key}` 是第二种（`header`、`auth_request` 或 `basic`）"
        ),
        Visibility::AuthUrl { url } => format!(
            "`{url}` 不是服务器规则能按原样写入的 http(s) 地址（不能含引号、`\\`、`$`、`;`、花括号、`%` 或空格），且不带查询或片段（规则会加上 `allowed_groups`）"
        ),
        Visibility::BasicDir { dir } => format!(
            "`{dir}` 不是服务器规则能按原样写入的绝对文件夹路径（不能含引号、`\\`、`$`、`;`、花括号、`%` 或空格）"
        ),
        Visibility::ApacheAuthRequest => {
            "Apache 没有 `auth_request`：请改用 `header`（由 SSO 模块如 mod_auth_openidc 设置）或 `basic`".into()
        }
        Visibility::MakeAudienceFiles => {
            "每个受众的读者是其各部门密码文件中的用户：请由这些文件合成受众的文件，任一文件变动后重新合成".into()
        }
        Visibility::AskSso { url } => format!(
            "向 {url} 的 SSO 询问时以 `allowed_groups` 传递可阅读的部门（oauth2-proxy 的约定）：2xx 应答放行，其他一律拒绝"
        ),
        Visibility::Generated => {
            "由 `clausebook access` 生成：请包含在网站的 server 配置中；portfolio.yaml 或部门变动后重新生成".into()
        }
        Visibility::DropHeader { header } => {
            format!("{header} 必须由公司的 SSO 代理设置，代理必须丢弃客户端自行发送的同名请求头")
        }
    }
}
