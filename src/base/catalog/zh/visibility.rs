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
        Visibility::Misspelled { key } => {
            format!("`{key}` 不是 `visibility`：宁可不构建，也不把该协议公开给所有人")
        }
        Visibility::Header { header } => format!("`{header}` 不是请求头的名称（字母、数字和 `-`）"),
        Visibility::Generated => {
            "由 `clausebook access` 生成：请包含在网站的 server 配置中；portfolio.yaml 或部门变动后重新生成".into()
        }
        Visibility::DropHeader { header } => {
            format!("{header} 必须由公司的 SSO 代理设置，代理必须丢弃客户端自行发送的同名请求头")
        }
    }
}
