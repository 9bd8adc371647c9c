//! The theme's templates, compiled, and how undefined values are judged. The built-in theme is
//! strict: a variable it uses that the page does not have (a misspelling) is an error. A
//! project's own templates stay lenient (an undefined value is empty text, as Jinja has it), but
//! each place where one is used is a `template` warning at that place, so that a misspelled
//! variable does not go unseen.

use std::sync::{Mutex, OnceLock};

use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};

use super::theme::{Origin, Theme};
use crate::base::catalog::{Build, Locale};
use crate::base::diagnostic::{Diagnostic, LineIndex, Severity, Span};

/// The compiled templates of a theme, and the warnings of its renders so far.
pub(super) struct Templates<'t> {
    theme: &'t Theme,
    /// Every template, with strict undefined values.
    strict: Compiled<'t>,
    /// The same templates with lenient undefined values, when the project has templates of its
    /// own: a page that meets an undefined value in one of those is rendered again with these.
    lenient: Option<Environment<'t>>,
    /// The language of the warnings.
    locale: Locale,
    warnings: Mutex<Vec<Diagnostic>>,
}

impl<'t> Templates<'t> {
    /// The templates of `theme`, or every template syntax error located in its file; warnings are
    /// written in `locale`.
    pub fn new(theme: &'t Theme, locale: Locale) -> Result<Self, Vec<Diagnostic>> {
        let own = theme.templates.values().any(|(_, origin)| matches!(origin, Origin::Project(_)));
        let strict = match builtin_strict(theme) {
            Some(shared) => Compiled::Shared(shared),
            None => Compiled::Own(Box::new(environment(theme, UndefinedBehavior::Strict)?)),
        };
        let lenient = if own { Some(environment(theme, UndefinedBehavior::Chainable)?) } else { None };
        Ok(Templates { theme, strict, lenient, locale, warnings: Mutex::new(Vec::new()) })
    }

    /// Whether a page can be rendered straight into its file: no page is ever rendered twice.
    pub fn streams(&self) -> bool {
        self.lenient.is_none()
    }

    /// The template `name`, strict.
    pub fn get(&self, name: &str) -> Result<minijinja::Template<'_, 't>, Box<Diagnostic>> {
        self.strict.get_template(name).map_err(|e| self.error(&e))
    }

    /// The template `name` rendered with `ctx`. An undefined value met in a template of the
    /// project's is a warning, and the page is rendered leniently; anything else is an error.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Box<Diagnostic>> {
        let failed = match self.strict.get_template(name).and_then(|t| t.render(&ctx)) {
            Ok(html) => return Ok(html),
            Err(e) => e,
        };
        let (Some(lenient), Some(warning)) = (&self.lenient, self.undefined_in_project(&failed)) else {
            return Err(self.error(&failed));
        };
        if let Ok(mut warnings) = self.warnings.lock()
            && !warnings.contains(&warning)
        {
            warnings.push(warning);
        }
        lenient.get_template(name).and_then(|t| t.render(ctx)).map_err(|e| self.error(&e))
    }

    /// The warnings of the renders so far, each place once; taken, so the next renders start
    /// afresh.
    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        self.warnings.lock().map(|mut w| std::mem::take(&mut *w)).unwrap_or_default()
    }

    /// The error `e` located in its template.
    pub fn error(&self, e: &minijinja::Error) -> Box<Diagnostic> {
        Box::new(template_error(self.theme, e))
    }

    /// The warning for `e` when it is an undefined value used in a template of the project's.
    fn undefined_in_project(&self, e: &minijinja::Error) -> Option<Diagnostic> {
        let e = deepest(e);
        let own = matches!(self.theme.templates.get(e.name()?), Some((_, Origin::Project(_))));
        if e.kind() != ErrorKind::UndefinedError || !own {
            return None;
        }
        let (file, span) = place(self.theme, e);
        let message = self.locale.msg(Build::TemplateUsesUndefinedValue);
        Some(Diagnostic::new(Severity::Warning, "template", file, span, message))
    }
}

/// Compiled templates: the built-in theme's, compiled once per process, or a theme's own.
enum Compiled<'t> {
    /// The built-in theme's ([`builtin_strict`]).
    Shared(&'static Environment<'static>),
    /// Compiled for a theme with templates of the project's.
    Own(Box<Environment<'t>>),
}

impl<'t> std::ops::Deref for Compiled<'t> {
    type Target = Environment<'t>;

    fn deref(&self) -> &Environment<'t> {
        match self {
            Compiled::Shared(env) => env,
            Compiled::Own(env) => env,
        }
    }
}

/// The built-in theme's templates, strict, compiled the first time they are asked for, when
/// `theme`'s templates are exactly those: a portfolio renders many agreements and its portal,
/// each with the same templates.
fn builtin_strict(theme: &Theme) -> Option<&'static Environment<'static>> {
    static THEME: OnceLock<Option<Theme>> = OnceLock::new();
    static STRICT: OnceLock<Option<Environment<'static>>> = OnceLock::new();
    let builtin = THEME.get_or_init(|| Theme::builtin().ok()).as_ref()?;
    let same = builtin.templates.len() == theme.templates.len()
        && builtin
            .templates
            .iter()
            .zip(&theme.templates)
            .all(|((a, (x, _)), (b, (y, o)))| a == b && x == y && matches!(o, Origin::Builtin));
    if !same {
        return None;
    }
    STRICT.get_or_init(|| environment(builtin, UndefinedBehavior::Strict).ok()).as_ref()
}

/// The templates of `theme` with undefined values judged by `undefined`, or every template syntax
/// error located in its file.
fn environment(theme: &Theme, undefined: UndefinedBehavior) -> Result<Environment<'_>, Vec<Diagnostic>> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.set_undefined_behavior(undefined);
    let mut errors = Vec::new();
    for (name, (source, _)) in &theme.templates {
        if let Err(e) = env.add_template(name, source) {
            errors.push(template_error(theme, &e));
        }
    }
    if errors.is_empty() { Ok(env) } else { Err(errors) }
}

/// The innermost template error of `e` (an error in an included template is the cause of the
/// including one's).
fn deepest(e: &minijinja::Error) -> &minijinja::Error {
    let mut cause: &dyn std::error::Error = e;
    let mut deepest = e;
    while let Some(next) = cause.source() {
        if let Some(err) = next.downcast_ref::<minijinja::Error>() {
            deepest = err;
        }
        cause = next;
    }
    deepest
}

/// The file and place of a template error: its line and column, when minijinja knows them.
fn place(theme: &Theme, e: &minijinja::Error) -> (std::path::PathBuf, Span) {
    let name = e.name().unwrap_or("?");
    let source = theme.templates.get(name).map(|(source, _)| source.as_str());
    let span = match (source, e.range()) {
        (Some(source), Some(range)) if range.start <= source.len() => LineIndex::new(source).span(range, 1),
        _ => Span::new(e.line().unwrap_or(1) as u32, 1, 0),
    };
    (theme.template_file(name), span)
}

/// A template error as a finding in its template file.
pub(super) fn template_error(theme: &Theme, e: &minijinja::Error) -> Diagnostic {
    let deepest = deepest(e);
    let (file, span) = place(theme, deepest);
    let detail = deepest.detail().map(|d| format!(": {d}")).unwrap_or_default();
    Diagnostic::error("template", file, span, format!("{}{detail}", deepest.kind()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn theme(origin: Origin) -> Theme {
        let page = "{% extends \"base.html\" %}{% block main %}\n<h1>{{ site.titel }}</h1>{% endblock %}".to_string();
        let base = "<main>{% block main %}{% endblock %}</main>".to_string();
        let templates = [("page.html".to_string(), (page, origin)), ("base.html".into(), (base, Origin::Builtin))];
        Theme { dir: "themes/default".into(), templates: templates.into_iter().collect(), assets: Default::default() }
    }

    fn site() -> Value {
        minijinja::context! { site => minijinja::context! { title => "协议" } }
    }

    #[test]
    fn a_misspelled_variable_in_a_builtin_template_is_an_error_where_it_is_written() {
        let theme = theme(Origin::Builtin);
        let templates = Templates::new(&theme, Locale::En).unwrap();
        let error = templates.render("page.html", site()).unwrap_err();
        assert_eq!(error.severity, Severity::Error);
        assert_eq!(error.file, PathBuf::from("themes/default/templates/page.html"));
        assert_eq!((error.span.line, error.span.col), (2, 8), "{error:?}");
    }

    #[test]
    fn a_misspelled_variable_in_a_project_template_is_empty_text_and_a_warning_where_it_is_written() {
        let file = PathBuf::from("themes/default/templates/page.html");
        let theme = theme(Origin::Project(file.clone()));
        let templates = Templates::new(&theme, Locale::En).unwrap();
        assert_eq!(templates.render("page.html", site()).unwrap(), "<main>\n<h1></h1></main>");
        templates.render("page.html", site()).unwrap();
        let warnings = templates.take_warnings();
        assert_eq!(warnings.len(), 1, "one warning per place: {warnings:?}");
        assert_eq!((warnings[0].severity, &warnings[0].file), (Severity::Warning, &file));
        assert_eq!((warnings[0].span.line, warnings[0].span.col), (2, 8));
        assert!(!templates.streams(), "a page that may be rendered twice is not streamed");
    }
}
