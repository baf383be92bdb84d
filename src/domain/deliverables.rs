//! Deliverables as people type them: a number of posts and, optionally, a format the fee
//! model knows (`2`, `1 story`, `3 reels`, `2 x short video`). Used by the planner's
//! "deliverables per new creator" field; parsing lives here so any command can share it.

use crate::domain::fees::FeeModel;

/// A number of deliverables as typed: a whole number from 1 to 1,000.
pub fn parse_posts(text: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(0) => Err("at least 1 post".into()),
        Ok(n) if n <= 1000 => Ok(n),
        Ok(_) => Err("at most 1,000 posts".into()),
        Err(_) => Err(format!("\"{text}\" is not a whole number")),
    }
}

/// Reads default deliverables as typed: `2` (each platform's standard post), `1 story`,
/// `3 reels`, `2 x short video`. The format must be one the fee model knows on some platform;
/// a platform without it falls back to its standard post. The standard name of every
/// platform (`feed post`, `video`...) and `post` mean no format.
pub fn parse_deliverables(text: &str, model: &FeeModel) -> Result<(u32, Option<String>), String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    if digits == 0 {
        return Err(format!("\"{t}\" does not start with a number of posts"));
    }
    let posts = parse_posts(&t[..digits])?;
    let rest = t[digits..].trim_start();
    let rest = match rest.strip_prefix('×') {
        Some(r) => r,
        None => rest
            .strip_prefix(['x', 'X'])
            .filter(|r| r.starts_with(' '))
            .unwrap_or(rest),
    }
    .trim()
    .to_lowercase();
    if rest.is_empty() || rest == "post" || rest == "posts" {
        return Ok((posts, None));
    }
    let singular = match rest.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => rest.strip_suffix('s').unwrap_or(&rest).to_string(),
    };
    let mut known: Vec<&str> = Vec::new();
    let mut found: Option<(&str, bool)> = None;
    for formats in &model.formats {
        for (j, f) in formats.iter().enumerate() {
            let name = f.name.to_lowercase();
            if name == rest || name == singular {
                // Standard on every platform that has it: what no format means already.
                let standard = found.is_none_or(|(_, s)| s) && j == 0;
                found = Some((&f.name, standard));
            }
            if !known.contains(&f.name.as_str()) {
                known.push(&f.name);
            }
        }
    }
    if let Some((name, standard)) = found {
        return Ok((posts, (!standard).then(|| name.to_string())));
    }
    Err(format!(
        "no platform has \"{rest}\"; formats: {}",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_deliverables_are_a_count_and_a_known_format() {
        let m = FeeModel::default();
        let p = |t: &str| parse_deliverables(t, &m);
        assert_eq!(p("2"), Ok((2, None)));
        assert_eq!(p(" 1 post "), Ok((1, None)));
        assert_eq!(p("2 stories"), Ok((2, Some("story".into()))));
        assert_eq!(p("3 Reels"), Ok((3, Some("reel".into()))));
        assert_eq!(p("2 x short"), Ok((2, Some("short".into()))));
        assert_eq!(p("1×story"), Ok((1, Some("story".into()))));
        // Instagram's standard post is what no format means.
        assert_eq!(p("1 feed post"), Ok((1, None)));
        assert_eq!(p("0 story"), Err("at least 1 post".into()));
        assert!(p("story").unwrap_err().contains("number of posts"));
        let e = p("2 carousel").unwrap_err();
        assert!(
            e.starts_with("no platform has \"carousel\"; formats: feed post, reel, story"),
            "{e}"
        );
    }

    #[test]
    fn posts_are_whole_numbers_from_one() {
        assert_eq!(parse_posts("3"), Ok(3));
        assert!(parse_posts("0").is_err());
        assert!(parse_posts("12x").is_err());
        assert!(parse_posts("-2").is_err());
    }
}
