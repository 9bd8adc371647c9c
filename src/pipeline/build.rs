//! Building: the site of the working tree alone, or of every released version (see
//! [`super::versioned`]), replaced only when the version that decides the build has no errors;
//! then its PDFs, when asked for.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::versioned::build_versions;
use super::{BuildOptions, Built, check, finish};
use crate::base::catalog::Build;
use crate::{Error, load, output, render, versions};

/// Loads, checks and renders the project — every released version and the draft when it is a Git
/// repository with releases — and replaces the site only when there are no errors.
pub fn build(options: &BuildOptions) -> Result<Built, Error> {
    let mut built = build_site(options)?;
    if options.pdf.is_some() && built.written.is_some() {
        built.pdf = Some(print_pdfs(&options.out, &built.printed, built.newest.as_deref(), options.today));
    }
    Ok(built)
}

/// Prints each folder of `folders` in the site `out`: its `print.html` to `agreement.pdf`, and its
/// `changes.html` (where it has one) to `changes.pdf`. On a versioned site the newest release's
/// (`newest`) are copied to `latest/`, and its `agreement.pdf` to `out/agreement.pdf`. Dated
/// `today`, so that the same site gives the same bytes.
pub fn print_pdfs(
    out: &Path,
    folders: &[(String, bool)],
    newest: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, crate::output::pdf::PdfError> {
    let mut printed = Vec::new();
    let copy = |from: PathBuf, to: PathBuf, printed: &mut Vec<PathBuf>| {
        std::fs::copy(&from, &to).map_err(|e| crate::output::pdf::PdfError::Io(to.clone(), e))?;
        printed.push(to);
        Ok::<_, crate::output::pdf::PdfError>(())
    };
    for (folder, changes) in folders.iter().filter(|(f, _)| f != "latest") {
        let dir = out.join(folder);
        for (page, pdf) in [("print.html", "agreement.pdf"), ("changes.html", "changes.pdf")] {
            if (page == "print.html" || *changes) && dir.join(page).is_file() {
                crate::output::pdf::print(&dir.join(page), &dir.join(pdf), today)?;
                printed.push(dir.join(pdf));
            }
        }
    }
    if let Some(newest) = newest.filter(|_| folders.iter().any(|(f, _)| f == "latest")) {
        for pdf in ["agreement.pdf", "changes.pdf"] {
            let from = out.join(newest).join(pdf);
            if from.is_file() {
                copy(from, out.join("latest").join(pdf), &mut printed)?;
            }
        }
        copy(out.join(newest).join("agreement.pdf"), out.join("agreement.pdf"), &mut printed)?;
    }
    Ok(printed)
}

fn build_site(options: &BuildOptions) -> Result<Built, Error> {
    // A build killed while it swapped the site in left the previous site aside: put it back first,
    // so that this build (which may fail) leaves a site in place.
    output::recover(&options.out);
    let disk = crate::base::tree::Disk::new(&options.root);
    let project: &dyn crate::base::tree::Tree = match &options.git {
        Some(git) => &*git.tree,
        None => &disk,
    };
    let mut remarks = Vec::new();
    if options.versions {
        // Only the versions settings are needed to decide; each version is checked on its own.
        let index_file = Path::new(load::CONTENT).join("_index.md");
        let mut settings = match &options.git {
            Some(git) => load::version_settings_in(&*git.tree),
            None => load::version_settings_of(&options.root),
        };
        if options.tags.is_some() {
            settings.tags = options.tags.clone();
        }
        let l = load::locale_in(project);
        let discovered = match &options.git {
            Some(git) => versions::discover_git(git, &settings, &index_file),
            None => versions::discover(&options.root, &settings, &index_file),
        };
        match discovered {
            Ok(discovery) => return build_versions(options, discovery, project),
            Err(versions::NoVersions::NotARepository) => remarks.push(l.msg(Build::NotGitRepositoryBuildingWorking)),
            Err(versions::NoVersions::NoReleases) => remarks.push(l.msg(Build::NoReleasedVersionsNoTag)),
        }
    }
    let mut checked = match (&options.git, &options.read) {
        (Some(git), _) => super::check_tree(&*git.tree, options.today, None, super::Signoff::Off)?,
        (None, Some(read)) => {
            let signoff = super::Signoff::Read { root: &options.root, version: None };
            super::check_tree(&read.files, options.today, Some(&read.cache), signoff)?
        }
        (None, None) => check(&options.root, options.today)?,
    };
    super::cite(&mut checked, options.external.as_deref(), options.today, project);
    let Some(agreement) = checked.agreement.as_ref().filter(|_| !checked.has_errors()) else {
        let (printed, newest) = (Vec::new(), None);
        return Ok(Built {
            checked,
            written: None,
            others: Vec::new(),
            notes: Vec::new(),
            remarks,
            pdf: None,
            printed,
            newest,
        });
    };
    let render_options = render::RenderOptions {
        today: options.today,
        base_url: options.base_url.clone(),
        version: None,
        pages: None,
        pdf: options.pdf.is_some(),
        external: options.external.clone(),
    };
    let staging = output::Staging::new(&options.out).map_err(Error::Write)?;
    let rendered = render::render(project, agreement, checked.findings(), &render_options, &staging);
    let written = finish(rendered.map(|r| r.warnings), staging, project, &mut checked)?;
    let printed = if options.pdf.is_some() { vec![(String::new(), false)] } else { Vec::new() };
    Ok(Built { checked, written, others: Vec::new(), notes: Vec::new(), remarks, pdf: None, printed, newest: None })
}
