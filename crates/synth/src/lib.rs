//! Seeded synthetic creator rosters.
//!
//! Real rosters are private (names, emails, negotiated prices), so tests, benchmarks, demos and the
//! bundled sample roster use made-up creators instead. The generator follows the figures in the
//! team's domain notes (tier mix, engagement falling with audience size, per-follower prices) so
//! that plans built from synthetic data look like plans built from real data, and it can dirty its
//! output the way real exports are dirty to exercise the roster loader.
//!
//! Everything is a pure function of [`SynthOptions`]: the PRNG is a local splitmix64 and the only
//! floating-point operations used are the IEEE-exact ones (`+ - * /`, `floor`, `round`), so the same
//! options give the same bytes on every platform and toolchain. All people are fictional: first
//! names come from invented lists and surnames are glued together from syllables.

use std::io::{self, Write};

/// What to generate. Kept to plain data so callers can build it with a struct literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynthOptions {
    /// Seed of the generator; the same seed and row count give byte-identical output.
    pub seed: u64,
    /// Number of data rows (CSV records or `[[creator]]` tables), bad and duplicate rows included.
    pub rows: usize,
    /// Dirty the output like real exports (abbreviated numbers, `N/A`, odd casing, emoji, bad
    /// rows, a duplicate) to exercise the loader's tolerance and its error reporting.
    pub messy: bool,
}

impl Default for SynthOptions {
    /// The example binary's defaults: a small, clean roster.
    fn default() -> Self {
        SynthOptions {
            seed: 42,
            rows: 1000,
            messy: false,
        }
    }
}

/// Output syntax; both follow the roster formats of the project contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SynthFormat {
    /// A CSV file with the header [`CSV_HEADER`].
    Csv,
    /// A TOML file of `[[creator]]` tables, starting with a comment naming the command.
    Toml,
}

/// The exact CSV header line written by [`write_roster`], without the line break.
pub const CSV_HEADER: &str =
    "handle,name,platform,followers,engagement_rate,avg_views,niches,country,language,email,rate";

/// Seed of the bundled sample roster (`assets/roster.toml`).
pub const SAMPLE_SEED: u64 = 2026;
/// Number of creators in the bundled sample roster.
pub const SAMPLE_ROWS: usize = 320;

/// Writes a synthetic roster to `out`.
///
/// Output goes through an internal buffer, so `out` may be an unbuffered file or standard output.
/// Only the errors of `out` are returned; generation itself cannot fail.
pub fn write_roster(
    opts: &SynthOptions,
    format: SynthFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let mut generator = Generator::new(opts.seed, opts.rows);
    let mut mess = Mess::new(opts);
    match format {
        SynthFormat::Csv => writeln!(out, "{CSV_HEADER}")?,
        SynthFormat::Toml => write_toml_preamble(opts, &mut out)?,
    }
    let mut row = Vec::with_capacity(512);
    let mut saved: Option<Vec<u8>> = None;
    for index in 0..opts.rows {
        let duplicate = mess.as_mut().and_then(|m| m.duplicate_at(index));
        match (duplicate, &saved) {
            (Some(Duplicate::Saved), Some(copy)) => row.clone_from(copy),
            (Some(Duplicate::Previous), _) if index > 0 => {} // `row` still holds the previous row
            _ => {
                row.clear();
                let creator = generator.next_creator();
                match (format, &mut mess) {
                    (SynthFormat::Csv, None) => csv_clean(creator, &mut row)?,
                    (SynthFormat::Csv, Some(m)) => csv_messy(creator, m, index, &mut row)?,
                    (SynthFormat::Toml, m) => toml_table(creator, m.as_mut(), index, &mut row)?,
                }
            }
        }
        if mess.as_ref().is_some_and(|m| m.dup_source == index) {
            saved = Some(row.clone());
        }
        out.write_all(&row)?;
    }
    out.flush()
}

/// The bundled sample roster: [`SAMPLE_ROWS`] clean creators from [`SAMPLE_SEED`] as TOML.
///
/// `assets/roster.toml` holds exactly these bytes; a unit test keeps the two in step.
pub fn sample_roster_toml() -> String {
    let opts = SynthOptions {
        seed: SAMPLE_SEED,
        rows: SAMPLE_ROWS,
        messy: false,
    };
    let mut bytes = Vec::with_capacity(SAMPLE_ROWS * 300);
    write_roster(&opts, SynthFormat::Toml, &mut bytes).expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("the generator writes UTF-8")
}

fn write_toml_preamble(opts: &SynthOptions, out: &mut dyn Write) -> io::Result<()> {
    let messy = if opts.messy { " --messy" } else { "" };
    // The bundled sample names its own path so the file says how to rebuild itself exactly.
    let file = if !opts.messy && opts.seed == SAMPLE_SEED && opts.rows == SAMPLE_ROWS {
        "assets/roster.toml"
    } else {
        "FILE"
    };
    writeln!(
        out,
        "# Generated by scout's synthetic roster generator (scout::synth): \
         cargo run --example synth -- --rows {} --seed {}{messy} --toml -o {file}",
        opts.rows, opts.seed
    )?;
    writeln!(
        out,
        "# All creators are fictional; the same seed and row count give the same file.\n"
    )
}

// ---------------------------------------------------------------------------------------------
// Randomness

/// splitmix64: tiny, fast, statistically fine for synthetic data, and identical everywhere.
/// The one seeded generator of the workspace's test data (the solver's tests shuffle with it).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is far below anything visible here).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[lo, hi)`.
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Approximately standard normal (Irwin-Hall of four uniforms), bounded at about ±3.5 so
    /// noise never produces absurd outliers.
    fn normal(&mut self) -> f64 {
        let sum = self.unit() + self.unit() + self.unit() + self.unit();
        (sum - 2.0) * 1.732_050_807_568_877_2
    }

    /// A log-normal factor with median 1 and the given spread.
    fn noise(&mut self, sigma: f64) -> f64 {
        exp2(sigma * self.normal() * std::f64::consts::LOG2_E)
    }
}

/// Cumulative weights, built once so that each draw is a short scan.
struct Weights(Vec<u32>);

impl Weights {
    fn new(weights: impl IntoIterator<Item = u32>) -> Self {
        let mut total = 0;
        Weights(
            weights
                .into_iter()
                .map(|w| {
                    total += w;
                    total
                })
                .collect(),
        )
    }

    /// An index chosen proportionally to its weight.
    fn pick(&self, rng: &mut Rng) -> usize {
        let ticket = rng.below(u64::from(*self.0.last().expect("non-empty weights"))) as u32;
        self.0.partition_point(|&cum| cum <= ticket)
    }
}

/// `2^x` from exact operations only (libm's `exp`/`powf` may differ between platforms in the last
/// bit, which would change rounded outputs and break byte-identical files).
fn exp2(x: f64) -> f64 {
    let x = x.clamp(-1000.0, 1000.0);
    let whole = x.floor();
    let y = (x - whole) * std::f64::consts::LN_2; // in [0, ln 2)
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 1..=18 {
        term *= y / f64::from(k);
        sum += term;
    }
    sum * f64::from_bits(((whole as i64 + 1023) as u64) << 52)
}

/// `10^x`, same reasoning as [`exp2`].
fn exp10(x: f64) -> f64 {
    exp2(x * std::f64::consts::LOG2_10)
}

// ---------------------------------------------------------------------------------------------
// Tables (weights are per mille or relative; all names are invented)

struct Platform {
    name: &'static str,
    weight: u32,
    /// Engagement relative to Instagram (TikTok runs hotter, X and Facebook colder).
    er_factor: f64,
    /// Typical views per post as a share of followers.
    view_rate: f64,
    /// Own price per 1,000 followers for one standard deliverable, in dollars.
    fee_per_k: f64,
    /// How messy exports spell the platform.
    spellings: &'static [&'static str],
}

const PLATFORMS: &[Platform] = &[
    Platform {
        name: "instagram",
        weight: 315,
        er_factor: 1.0,
        view_rate: 0.25,
        fee_per_k: 10.0,
        spellings: &["Instagram", "INSTAGRAM", "instagram"],
    },
    Platform {
        name: "tiktok",
        weight: 230,
        er_factor: 1.5,
        view_rate: 0.30,
        fee_per_k: 2.5,
        spellings: &["TikTok", "Tiktok", "TIKTOK"],
    },
    Platform {
        name: "youtube",
        weight: 150,
        er_factor: 0.9,
        view_rate: 0.30,
        fee_per_k: 20.0,
        spellings: &["YouTube", "Youtube", "YOUTUBE"],
    },
    Platform {
        name: "x",
        weight: 80,
        er_factor: 0.45,
        view_rate: 0.08,
        fee_per_k: 2.0,
        spellings: &["X", "twitter", "Twitter"],
    },
    Platform {
        name: "twitch",
        weight: 50,
        er_factor: 0.8,
        view_rate: 0.05,
        fee_per_k: 6.0,
        spellings: &["Twitch", "TWITCH"],
    },
    Platform {
        name: "pinterest",
        weight: 45,
        er_factor: 0.5,
        view_rate: 0.05,
        fee_per_k: 4.0,
        spellings: &["Pinterest"],
    },
    Platform {
        name: "linkedin",
        weight: 40,
        er_factor: 0.8,
        view_rate: 0.10,
        fee_per_k: 8.0,
        spellings: &["LinkedIn", "Linkedin"],
    },
    Platform {
        name: "facebook",
        weight: 35,
        er_factor: 0.4,
        view_rate: 0.06,
        fee_per_k: 3.0,
        spellings: &["Facebook", "FACEBOOK"],
    },
    Platform {
        name: "snapchat",
        weight: 30,
        er_factor: 0.9,
        view_rate: 0.15,
        fee_per_k: 3.0,
        spellings: &["Snapchat", "SnapChat"],
    },
    Platform {
        name: "blog",
        weight: 25,
        er_factor: 0.6,
        view_rate: 0.20,
        fee_per_k: 12.0,
        spellings: &["Blog", "BLOG"],
    },
];

/// Tier mix (per mille) and the log10 follower range of each tier: mostly nano and micro, some
/// macro, rare mega, a few below 1,000. The last value says how strongly counts bunch at the
/// bottom of the range (follower counts follow a power law; mega accounts mostly have 1-5M).
const TIERS: &[(u32, f64, f64, bool)] = &[
    (40, 2.0, 3.0, false),  // unranked: 100-999
    (500, 3.0, 4.0, false), // nano: 1k-10k
    (330, 4.0, 5.0, false), // micro: 10k-100k
    (110, 5.0, 6.0, false), // macro: 100k-1M
    (20, 6.0, 7.8, true),   // mega: 1M-63M, median about 2M
];

/// Median engagement rate (Instagram) by log10 followers: 1k ~7.5%, 10k ~4.2%, 100k ~2.1%,
/// 1M ~1.2%, falling slowly beyond (domain notes: nano 4-8%, micro 2-4%, macro 1-2%).
const ER_CURVE: &[(f64, f64)] = &[
    (2.0, 0.090),
    (3.0, 0.075),
    (4.0, 0.042),
    (5.0, 0.021),
    (6.0, 0.012),
    (7.0, 0.009),
    (8.0, 0.007),
];

struct Niche {
    name: &'static str,
    weight: u32,
    /// Words creators put in their handles (`lena.lifts`).
    words: &'static [&'static str],
}

#[rustfmt::skip]
const NICHES: &[Niche] = &[
    Niche { name: "lifestyle", weight: 90, words: &["life", "daily", "lives"] },
    Niche { name: "fashion", weight: 85, words: &["style", "wears", "closet"] },
    Niche { name: "beauty", weight: 80, words: &["glow", "beauty", "glam"] },
    Niche { name: "fitness", weight: 80, words: &["lifts", "fit", "moves", "strong"] },
    Niche { name: "food", weight: 80, words: &["eats", "kitchen", "bakes", "cooks"] },
    Niche { name: "travel", weight: 70, words: &["roams", "travels", "abroad", "wanders"] },
    Niche { name: "gaming", weight: 60, words: &["plays", "gg", "games"] },
    Niche { name: "tech", weight: 50, words: &["tech", "bytes", "codes"] },
    Niche { name: "wellness", weight: 50, words: &["well", "calm", "mindful"] },
    Niche { name: "home", weight: 40, words: &["home", "nest", "decor"] },
    Niche { name: "parenting", weight: 40, words: &["family", "parents", "littles"] },
    Niche { name: "pets", weight: 40, words: &["pets", "paws", "dogs"] },
    Niche { name: "music", weight: 40, words: &["music", "beats", "sings"] },
    Niche { name: "comedy", weight: 40, words: &["laughs", "jokes", "funny"] },
    Niche { name: "sports", weight: 30, words: &["sports", "runs", "scores"] },
    Niche { name: "outdoors", weight: 30, words: &["outdoors", "trails", "wild"] },
    Niche { name: "finance", weight: 30, words: &["money", "invests", "cents"] },
    Niche { name: "education", weight: 30, words: &["learns", "teaches", "explains"] },
    Niche { name: "art", weight: 30, words: &["art", "draws", "paints"] },
    Niche { name: "diy", weight: 30, words: &["makes", "diy", "builds"] },
    Niche { name: "books", weight: 20, words: &["reads", "books", "pages"] },
    Niche { name: "photography", weight: 20, words: &["shoots", "photo", "lens"] },
    Niche { name: "automotive", weight: 20, words: &["cars", "drives", "garage"] },
    Niche { name: "sustainability", weight: 20, words: &["green", "eco", "zerowaste"] },
];

/// Niche weight on a platform: Twitch is mostly gaming, LinkedIn mostly business topics,
/// Pinterest mostly home, food and fashion.
fn niche_weight(platform: &str, niche: &Niche) -> u32 {
    let boost = match (platform, niche.name) {
        ("twitch", "gaming") => 150,
        ("twitch", "music" | "tech" | "comedy" | "art") => 20,
        ("twitch", _) => 3,
        ("linkedin", "finance" | "tech") => 60,
        ("linkedin", "education") => 40,
        ("linkedin", "lifestyle" | "wellness" | "sustainability") => 10,
        ("linkedin", _) => 2,
        ("pinterest", "home" | "diy" | "food" | "fashion" | "beauty" | "art") => 30,
        ("pinterest", _) => 6,
        ("youtube", "gaming" | "tech" | "education" | "automotive" | "diy") => 20,
        ("tiktok", "comedy" | "beauty" | "food" | "music") => 18,
        ("blog", "food" | "travel" | "parenting" | "home" | "finance" | "books") => 20,
        ("x", "tech" | "finance" | "comedy" | "sports" | "gaming") => 25,
        _ => 10,
    };
    niche.weight * boost
}

#[derive(Clone, Copy)]
enum Region {
    Anglo,
    Hispanic,
    Lusophone,
    Northern,
    French,
    Italian,
    Japanese,
    Indian,
}

const REGIONS: &[Region] = &[
    Region::Anglo,
    Region::Hispanic,
    Region::Lusophone,
    Region::Northern,
    Region::French,
    Region::Italian,
    Region::Japanese,
    Region::Indian,
];

struct Names {
    first: &'static [&'static str],
    /// Surnames are `head + tail`, e.g. `Ash` + `wood`.
    head: &'static [&'static str],
    tail: &'static [&'static str],
}

impl Region {
    fn names(self) -> &'static Names {
        match self {
            Region::Anglo => &Names {
                first: &[
                    "Avery", "Brooke", "Caleb", "Delia", "Ellis", "Fiona", "Grady", "Harper",
                    "Isla", "Jasper", "Keira", "Logan", "Maisie", "Nolan", "Orla", "Piper",
                    "Quinn", "Rowan", "Sadie", "Tessa", "Wade", "Wren", "Milo", "Lena", "Callum",
                    "Ivy", "Reid", "June", "Owen", "Nell",
                ],
                head: &[
                    "Ash", "Bram", "Cal", "Dun", "Elder", "Fen", "Gray", "Hart", "Kings", "Lang",
                    "Mor", "Pen", "Red", "Stan", "Thorn", "Black", "Briar", "Hollin",
                ],
                tail: &[
                    "wood", "ley", "ford", "ton", "field", "well", "more", "brook", "wick", "by",
                    "dale", "worth", "ridge", "stone",
                ],
            },
            Region::Hispanic => &Names {
                first: &[
                    "Lucía", "Mateo", "Inés", "Tomás", "Valeria", "Diego", "Ximena", "Julián",
                    "Paloma", "Rafael", "Camila", "Andrés", "Renata", "Emilio", "Sofía", "Bruno",
                    "Marisol", "Joaquín",
                ],
                head: &[
                    "Al", "Bel", "Cas", "Del", "Es", "Gal", "Mon", "Or", "Pal", "Ri", "San", "Val",
                    "Ver", "Tor",
                ],
                tail: &[
                    "arda", "ero", "illo", "ueza", "anes", "orte", "edo", "ares", "ino", "era",
                    "onda", "uelo",
                ],
            },
            Region::Lusophone => &Names {
                first: &[
                    "João", "Beatriz", "Thiago", "Larissa", "Caio", "Luana", "Rafaela", "Davi",
                    "Yasmin", "Otávio", "Manuela", "Heitor", "Lívia", "Enzo",
                ],
                head: &[
                    "Al", "Bar", "Cam", "Fon", "Lam", "Mar", "Ped", "Qui", "Sal", "Tav", "Vil",
                    "Ro",
                ],
                tail: &[
                    "eira", "oso", "ança", "elo", "inho", "ado", "ares", "ões", "ita", "ello",
                ],
            },
            Region::Northern => &Names {
                first: &[
                    "Jonas", "Frieda", "Malte", "Ilse", "Lasse", "Annika", "Henrik", "Maren",
                    "Sven", "Liv", "Joost", "Femke", "Nils", "Elin", "Till", "Greta", "Bram",
                    "Saskia",
                ],
                head: &[
                    "Alt", "Berg", "Dorn", "Eich", "Fal", "Hol", "Lind", "Mal", "Nord", "Ros",
                    "Stein", "Wald", "Ek", "Sand",
                ],
                tail: &[
                    "mann", "ström", "hoff", "berg", "gaard", "ke", "lund", "quist", "ner",
                    "hagen", "dahl", "brink",
                ],
            },
            Region::French => &Names {
                first: &[
                    "Élodie",
                    "Loïc",
                    "Anaïs",
                    "Bastien",
                    "Margaux",
                    "Théo",
                    "Clémence",
                    "Gaspard",
                    "Zoé",
                    "Rémi",
                    "Apolline",
                    "Hugo",
                    "Manon",
                    "Lucien",
                ],
                head: &[
                    "Beau", "Char", "Dela", "Fon", "Gri", "Lam", "Mont", "Roche", "Ver", "Bel",
                    "Cour", "Mar",
                ],
                tail: &[
                    "court", "ier", "eau", "aine", "ville", "et", "ard", "elle", "ois", "ac",
                ],
            },
            Region::Italian => &Names {
                first: &[
                    "Giulia", "Matteo", "Chiara", "Lorenzo", "Alessia", "Tommaso", "Martina",
                    "Davide", "Ilaria", "Niccolò", "Serena", "Pietro", "Aurora", "Elia",
                ],
                head: &[
                    "Bel", "Cal", "Fio", "Gal", "Lan", "Mar", "Ross", "Ser", "Tor", "Vin", "Ben",
                    "Cor",
                ],
                tail: &[
                    "otti", "ardi", "ello", "ini", "ucci", "ona", "esi", "ano", "etti", "ari",
                ],
            },
            Region::Japanese => &Names {
                first: JP_FIRST,
                head: JP_HEAD,
                tail: JP_TAIL,
            },
            Region::Indian => &Names {
                first: &[
                    "Aarav", "Diya", "Ishaan", "Meera", "Kabir", "Anaya", "Rohan", "Tara",
                    "Vihaan", "Saanvi", "Arjun", "Nisha", "Dev", "Kavya", "Neel", "Riya",
                ],
                head: &[
                    "Bal", "Desh", "Kan", "Mal", "Nar", "Rag", "Shan", "Tir", "Var", "Jay", "Pra",
                    "Sur",
                ],
                tail: &[
                    "ani", "ekar", "wal", "ayan", "endra", "ari", "ia", "eshwar", "ant", "ote",
                ],
            },
        }
    }
}

// Japanese names have kanji spellings at the same index, used for CJK names in messy output.
const JP_FIRST: &[&str] = &[
    "Haruto", "Yui", "Sota", "Mei", "Riku", "Hina", "Kaito", "Aoi", "Ren", "Sakura", "Yuto", "Mio",
    "Hinata", "Rin", "Sora", "Koharu",
];
const JP_FIRST_KANJI: &[&str] = &[
    "陽翔", "結衣", "蒼太", "芽依", "陸", "陽菜", "海斗", "葵", "蓮", "桜", "悠斗", "澪", "陽向",
    "凛", "空", "小春",
];
const JP_HEAD: &[&str] = &[
    "Kawa", "Mori", "Taka", "Yama", "Hoshi", "Kiri", "Naga", "Fuji", "Sora", "Aki", "Shima",
    "Tsuki",
];
const JP_HEAD_KANJI: &[&str] = &[
    "川", "森", "高", "山", "星", "桐", "長", "藤", "空", "秋", "島", "月",
];
const JP_TAIL: &[&str] = &[
    "moto", "hara", "shita", "zaki", "mura", "oka", "da", "no", "ta", "gawa", "kubo", "sawa",
];
const JP_TAIL_KANJI: &[&str] = &[
    "本", "原", "下", "崎", "村", "岡", "田", "野", "田", "川", "久保", "沢",
];

struct Country {
    code: &'static str,
    weight: u32,
    language: &'static str,
    /// A second language spoken by some creators of the country, with its share per mille.
    second: Option<(&'static str, u64)>,
    region: Region,
}

#[rustfmt::skip]
const COUNTRIES: &[Country] = &[
    Country { code: "US", weight: 300, language: "en", second: Some(("es", 80)), region: Region::Anglo },
    Country { code: "GB", weight: 90, language: "en", second: None, region: Region::Anglo },
    Country { code: "BR", weight: 70, language: "pt", second: None, region: Region::Lusophone },
    Country { code: "IN", weight: 70, language: "en", second: Some(("hi", 400)), region: Region::Indian },
    Country { code: "DE", weight: 60, language: "de", second: None, region: Region::Northern },
    Country { code: "FR", weight: 50, language: "fr", second: None, region: Region::French },
    Country { code: "MX", weight: 50, language: "es", second: None, region: Region::Hispanic },
    Country { code: "CA", weight: 50, language: "en", second: Some(("fr", 200)), region: Region::Anglo },
    Country { code: "ES", weight: 45, language: "es", second: None, region: Region::Hispanic },
    Country { code: "IT", weight: 40, language: "it", second: None, region: Region::Italian },
    Country { code: "AU", weight: 40, language: "en", second: None, region: Region::Anglo },
    Country { code: "JP", weight: 40, language: "ja", second: None, region: Region::Japanese },
    Country { code: "NL", weight: 20, language: "nl", second: None, region: Region::Northern },
    Country { code: "SE", weight: 15, language: "sv", second: None, region: Region::Northern },
    Country { code: "IE", weight: 10, language: "en", second: None, region: Region::Anglo },
    Country { code: "NZ", weight: 10, language: "en", second: None, region: Region::Anglo },
];

const EMOJI: &[&str] = &[
    "✨", "🌿", "💪", "🍜", "🎮", "📸", "🌍", "💄", "🐾", "☕", "🎧", "🔥",
];

// ---------------------------------------------------------------------------------------------
// Creators

/// One generated creator. Strings live in reused buffers to keep the hot loop allocation-free.
struct Creator {
    handle: String,
    name: String,
    has_name: bool,
    platform: usize,
    followers: u64,
    /// In basis points (1/10,000), so it is written without float formatting.
    engagement: Option<u32>,
    avg_views: Option<u64>,
    niches: [usize; 3],
    niche_count: usize,
    country: Option<usize>,
    language: Option<&'static str>,
    email: bool,
    rate: Option<u64>,
    // Kept for the messy writer, which re-spells names.
    region: Region,
    first: usize,
    head: usize,
    tail: usize,
}

struct Generator {
    rng: Rng,
    creator: Creator,
    taken: HandleSet,
    counter: u64,
    countries: Weights,
    platforms: Weights,
    tiers: Weights,
    /// Niche weights for each platform.
    niches: Vec<Weights>,
    handle_patterns: Weights,
}

impl Generator {
    fn new(seed: u64, rows: usize) -> Self {
        Generator {
            rng: Rng::new(seed),
            creator: Creator {
                handle: String::with_capacity(32),
                name: String::with_capacity(48),
                has_name: false,
                platform: 0,
                followers: 0,
                engagement: None,
                avg_views: None,
                niches: [0; 3],
                niche_count: 0,
                country: None,
                language: None,
                email: false,
                rate: None,
                region: Region::Anglo,
                first: 0,
                head: 0,
                tail: 0,
            },
            taken: HandleSet::with_capacity(rows),
            counter: 0,
            countries: Weights::new(COUNTRIES.iter().map(|c| c.weight)),
            platforms: Weights::new(PLATFORMS.iter().map(|p| p.weight)),
            tiers: Weights::new(TIERS.iter().map(|t| t.0)),
            niches: PLATFORMS
                .iter()
                .map(|p| Weights::new(NICHES.iter().map(|n| niche_weight(p.name, n))))
                .collect(),
            handle_patterns: Weights::new([18, 8, 14, 14, 10, 6, 8, 6, 4, 4, 4]),
        }
    }

    fn next_creator(&mut self) -> &Creator {
        let rng = &mut self.rng;
        let c = &mut self.creator;

        // Where: most creators are in the US, then Western Europe, Latin America, India, Japan.
        let country = self.countries.pick(rng);
        let home = &COUNTRIES[country];
        c.country = (!rng.chance(50)).then_some(country);
        c.language = if rng.chance(120) {
            None
        } else {
            match home.second {
                Some((lang, share)) if rng.chance(share) => Some(lang),
                _ => Some(home.language),
            }
        };
        // Rosters are mixed: some creators carry names from elsewhere.
        c.region = if rng.chance(150) {
            rng.pick(REGIONS)
        } else {
            home.region
        };

        // Platform, audience size and topics.
        c.platform = self.platforms.pick(rng);
        let platform = &PLATFORMS[c.platform];
        let (_, low, high, steep) = TIERS[self.tiers.pick(rng)];
        // Skewed towards the bottom of each tier, as follower counts follow a power law.
        let u = rng.unit();
        let skewed = if steep {
            u * u * u
        } else {
            u * (0.35 + 0.65 * u)
        };
        let log_followers = low + (high - low) * skewed;
        c.followers = exp10(log_followers).round() as u64;

        c.niche_count = match rng.below(100) {
            0..45 => 1,
            45..80 => 2,
            _ => 3,
        };
        let mut chosen = 0;
        while chosen < c.niche_count {
            let n = self.niches[c.platform].pick(rng);
            if !c.niches[..chosen].contains(&n) {
                c.niches[chosen] = n;
                chosen += 1;
            }
        }

        // Who.
        let names = c.region.names();
        c.first = rng.index(names.first.len());
        c.head = rng.index(names.head.len());
        c.tail = rng.index(names.tail.len());
        let first = names.first[c.first];
        let (head, tail) = (names.head[c.head], names.tail[c.tail]);
        c.name.clear();
        c.has_name = !rng.chance(30);
        match rng.below(100) {
            0..80 => push_all(&mut c.name, &[first, " ", head, tail]),
            80..88 => c.name.push_str(first),
            _ => {
                push_all(&mut c.name, &[first, " "]);
                c.name.extend(head.chars().take(1));
                c.name.push('.');
            }
        }
        let word = rng.pick(NICHES[c.niches[0]].words);
        let pattern = self.handle_patterns.pick(rng);
        build_handle(rng, pattern, &mut c.handle, [first, head, tail, word]);
        let mut key = handle_key(c.platform, &c.handle);
        let mut attempt = 0;
        while !self.taken.insert(key) {
            // Taken: append a number the way people do, longer numbers after repeated clashes.
            attempt += 1;
            let digits_max = match attempt {
                1 | 2 => 100,
                3 | 4 => 1000,
                _ => {
                    self.counter += 1;
                    0
                }
            };
            let number = if digits_max == 0 {
                self.counter
            } else {
                1 + rng.below(digits_max - 1)
            };
            c.handle.truncate(
                c.handle
                    .trim_end_matches(|ch: char| ch.is_ascii_digit())
                    .len(),
            );
            push_number(&mut c.handle, number);
            key = handle_key(c.platform, &c.handle);
        }

        // Engagement falls with audience size; TikTok runs hotter.
        let base = interpolate(ER_CURVE, log_followers) * platform.er_factor;
        c.engagement = (!rng.chance(70))
            .then(|| ((base * rng.noise(0.25)).clamp(0.0008, 0.30) * 10_000.0).round() as u32);
        c.avg_views = rng.chance(250).then(|| {
            let views = c.followers as f64 * platform.view_rate * rng.noise(0.4);
            (views.round() as u64).max(10)
        });
        c.rate = rng.chance(333).then(|| {
            let price = c.followers as f64 / 1000.0 * platform.fee_per_k * rng.noise(0.3);
            round_price(price)
        });
        c.email = rng.chance(700);
        &self.creator
    }
}

fn push_all(s: &mut String, parts: &[&str]) {
    for part in parts {
        s.push_str(part);
    }
}

fn push_number(s: &mut String, n: u64) {
    use std::fmt::Write as _;
    let _ = write!(s, "{n}");
}

/// Appends `src` as a handle fragment: ASCII letters and digits only, lowercase, accents folded.
fn push_folded(dst: &mut String, src: &str) {
    for ch in src.chars() {
        let folded = match ch {
            'a'..='z' | '0'..='9' => ch,
            'A'..='Z' => ch.to_ascii_lowercase(),
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            _ => continue,
        };
        dst.push(folded);
    }
}

/// Builds a handle the way creators pick them: from their name, often with a niche word or digits.
fn build_handle(rng: &mut Rng, pattern: usize, h: &mut String, parts: [&str; 4]) {
    let [first, head, tail, word] = parts;
    h.clear();
    match pattern {
        0..=2 => {
            push_folded(h, first);
            h.push_str(["", ".", "_"][(pattern + 1) % 3]);
            push_folded(h, head);
            push_folded(h, tail);
        }
        3..=5 => {
            push_folded(h, first);
            h.push_str([".", "", "_"][pattern - 3]);
            h.push_str(word);
        }
        6 => {
            push_folded(h, first);
            push_folded(h, &head[..head.chars().next().map_or(0, char::len_utf8)]);
            push_number(h, 10 + rng.below(90));
        }
        7 => {
            push_folded(h, first);
            h.push('.');
            push_folded(h, head);
            push_folded(h, tail);
            push_number(h, 1 + rng.below(99));
        }
        8 => {
            h.push_str("the");
            push_folded(h, first);
            h.push_str(word);
        }
        9 => {
            push_folded(h, head);
            push_folded(h, tail);
            h.push('.');
            push_folded(h, first);
        }
        _ => {
            push_folded(h, first);
            push_number(h, 1985 + rng.below(25));
        }
    }
}

fn handle_key(platform: usize, handle: &str) -> u64 {
    // FNV-1a, then a splitmix finaliser so the pass-through hasher gets well-spread bits.
    let mut hash = 0xcbf2_9ce4_8422_2325u64 ^ platform as u64;
    for b in handle.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    Rng(hash).next_u64()
}

/// The `platform + handle` pairs already used, as 64-bit hashes in an open-addressing table.
///
/// Hashes suffice: a false "taken" only makes a handle longer, and there are no false "free"
/// answers, so handles stay unique. One flat array with linear probing costs about one cache miss
/// per lookup, which matters at a million rows (a general hash set was a third of the run time).
struct HandleSet {
    slots: Vec<u64>,
    len: usize,
}

impl HandleSet {
    fn with_capacity(rows: usize) -> Self {
        let slots = (rows.min(1 << 26) * 2).next_power_of_two().max(1024);
        HandleSet {
            slots: vec![0; slots],
            len: 0,
        }
    }

    /// Adds `key`; false when it was already there.
    fn insert(&mut self, key: u64) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            let grown = vec![0; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            self.len = 0;
            for key in old.into_iter().filter(|&k| k != 0) {
                self.insert(key);
            }
        }
        let key = key.max(1); // 0 marks an empty slot
        let mask = self.slots.len() - 1;
        let mut i = (key >> 32) as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

fn interpolate(curve: &[(f64, f64)], x: f64) -> f64 {
    for pair in curve.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            let t = ((x - x0) / (x1 - x0)).max(0.0);
            return y0 + t * (y1 - y0);
        }
    }
    curve[curve.len() - 1].1
}

/// Rounds a price the way people quote them: 15, 85, 450, 1200, 7500, 32000.
fn round_price(price: f64) -> u64 {
    let step = match price {
        p if p < 100.0 => 5.0,
        p if p < 1000.0 => 25.0,
        p if p < 10_000.0 => 100.0,
        p if p < 100_000.0 => 500.0,
        _ => 1000.0,
    };
    ((price / step).round() * step).max(5.0) as u64
}

// ---------------------------------------------------------------------------------------------
// Messiness

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Bad {
    MissingHandle,
    UnknownPlatform,
    NegativeFollowers,
    EngagementTooHigh,
}

const BAD_KINDS: [Bad; 4] = [
    Bad::MissingHandle,
    Bad::UnknownPlatform,
    Bad::NegativeFollowers,
    Bad::EngagementTooHigh,
];

enum Duplicate {
    /// Repeat the row saved at `dup_source`.
    Saved,
    /// Repeat the row just written.
    Previous,
}

/// Decisions for messy output, drawn from their own stream so a messy roster holds the same
/// creators as the clean one with the same seed.
struct Mess {
    rng: Rng,
    /// Rows that are guaranteed bad, one of each kind, so even small messy files have them.
    bad_rows: Vec<(usize, Bad)>,
    dup_source: usize,
    dup_at: usize,
}

impl Mess {
    fn new(opts: &SynthOptions) -> Option<Mess> {
        if !opts.messy {
            return None;
        }
        let mut rng = Rng::new(opts.seed ^ 0x6D65_7373_7952_4F57);
        let n = opts.rows;
        let mut bad_rows: Vec<(usize, Bad)> = Vec::new();
        let mut dup_source = usize::MAX;
        let mut dup_at = usize::MAX;
        if n >= 3 {
            dup_source = rng.index(n / 2);
            dup_at = dup_source + 1 + rng.index(n - dup_source - 1);
        }
        if n >= 8 {
            for kind in BAD_KINDS {
                let row = loop {
                    let row = rng.index(n);
                    if row != dup_source && row != dup_at && bad_rows.iter().all(|b| b.0 != row) {
                        break row;
                    }
                };
                bad_rows.push((row, kind));
            }
        }
        Some(Mess {
            rng,
            bad_rows,
            dup_source,
            dup_at,
        })
    }

    fn duplicate_at(&mut self, index: usize) -> Option<Duplicate> {
        if index == self.dup_at {
            Some(Duplicate::Saved)
        } else if index > 0
            && index != self.dup_source
            && self.bad_rows.iter().all(|b| b.0 != index)
            && self.rng.chance(1)
        {
            Some(Duplicate::Previous)
        } else {
            None
        }
    }

    fn bad_at(&mut self, index: usize) -> Option<Bad> {
        if let Some(&(_, kind)) = self.bad_rows.iter().find(|b| b.0 == index) {
            return Some(kind);
        }
        // Beyond the guaranteed ones, about 3 rows in 1,000 are bad.
        self.rng.chance(3).then(|| self.rng.pick(&BAD_KINDS))
    }

    /// The display name, sometimes in kanji (Japanese creators), with emoji, or as "Last, First".
    fn name(&mut self, c: &Creator, out: &mut String) {
        out.clear();
        let rng = &mut self.rng;
        if matches!(c.region, Region::Japanese) && rng.chance(500) {
            push_all(
                out,
                &[
                    JP_HEAD_KANJI[c.head],
                    JP_TAIL_KANJI[c.tail],
                    " ",
                    JP_FIRST_KANJI[c.first],
                ],
            );
        } else if rng.chance(25) {
            let names = c.region.names();
            let first = names.first[c.first];
            push_all(out, &[names.head[c.head], names.tail[c.tail], ", ", first]);
        } else {
            out.push_str(&c.name);
        }
        match rng.below(1000) {
            0..40 => push_all(out, &[" ", rng.pick(EMOJI)]),
            40..60 => {
                let emoji = rng.pick(EMOJI);
                out.insert(0, ' ');
                out.insert_str(0, emoji);
            }
            60..70 => {
                let niche = NICHES[c.niches[0]].name;
                push_all(out, &[" | ", niche]);
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writers

fn csv_clean(c: &Creator, row: &mut Vec<u8>) -> io::Result<()> {
    let p = &PLATFORMS[c.platform];
    row.extend_from_slice(c.handle.as_bytes());
    row.push(b',');
    if c.has_name {
        csv_field(row, &c.name);
    }
    row.push(b',');
    row.extend_from_slice(p.name.as_bytes());
    row.push(b',');
    push_u64(row, c.followers);
    row.push(b',');
    if let Some(bp) = c.engagement {
        push_fixed(row, bp.into(), 4);
    }
    row.push(b',');
    if let Some(views) = c.avg_views {
        push_u64(row, views);
    }
    row.push(b',');
    for (i, &n) in c.niches[..c.niche_count].iter().enumerate() {
        if i > 0 {
            row.push(b';');
        }
        row.extend_from_slice(NICHES[n].name.as_bytes());
    }
    row.push(b',');
    if let Some(country) = c.country {
        row.extend_from_slice(COUNTRIES[country].code.as_bytes());
    }
    row.push(b',');
    if let Some(lang) = c.language {
        row.extend_from_slice(lang.as_bytes());
    }
    row.push(b',');
    if c.email {
        row.extend_from_slice(c.handle.as_bytes());
        row.extend_from_slice(b"@example.com");
    }
    row.push(b',');
    if let Some(rate) = c.rate {
        push_u64(row, rate);
    }
    row.push(b'\n');
    Ok(())
}

fn csv_messy(c: &Creator, m: &mut Mess, index: usize, row: &mut Vec<u8>) -> io::Result<()> {
    let bad = m.bad_at(index);
    let rng = &mut m.rng;
    let p = &PLATFORMS[c.platform];

    // handle
    if bad != Some(Bad::MissingHandle) {
        if rng.chance(150) {
            row.push(b'@');
        }
        row.extend_from_slice(c.handle.as_bytes());
    }
    row.push(b',');

    // name
    if c.has_name {
        let mut name = String::with_capacity(c.name.len() + 8);
        m.name(c, &mut name);
        csv_field(row, &name);
    }
    row.push(b',');
    let rng = &mut m.rng;

    // platform
    if bad == Some(Bad::UnknownPlatform) {
        row.extend_from_slice(b"myspace");
    } else if rng.chance(400) {
        row.extend_from_slice(rng.pick(p.spellings).as_bytes());
    } else {
        row.extend_from_slice(p.name.as_bytes());
    }
    row.push(b',');

    // followers
    if bad == Some(Bad::NegativeFollowers) {
        row.push(b'-');
        write!(row, "{}", c.followers)?;
    } else {
        messy_count(rng, row, c.followers)?;
    }
    row.push(b',');

    // engagement
    if bad == Some(Bad::EngagementTooHigh) {
        write!(row, "{}%", 120 + rng.below(300))?;
    } else {
        match c.engagement {
            Some(bp) => match rng.below(100) {
                0..35 => {
                    push_fixed(row, bp.into(), 2);
                    row.push(b'%');
                }
                // A bare percent only above 1%: the contract reads a bare number <= 1 as a
                // fraction, and the mess should stay recoverable.
                85.. if bp > 100 => push_fixed(row, bp.into(), 2),
                _ => push_fixed(row, bp.into(), 4),
            },
            None if rng.chance(500) => row.extend_from_slice(b"N/A"),
            None => {}
        }
    }
    row.push(b',');

    // avg_views
    match c.avg_views {
        Some(views) => messy_count(rng, row, views)?,
        None if rng.chance(200) => row.extend_from_slice(b"N/A"),
        None => {}
    }
    row.push(b',');

    // niches: `;` mostly, sometimes `|` or a quoted comma list, sometimes capitalised
    let (sep, quoted): (&[u8], bool) = match rng.below(100) {
        _ if c.niche_count == 1 => (b";", false),
        0..10 => (b"|", false),
        10..20 => (b", ", true),
        _ => (b";", false),
    };
    let capitalise = rng.chance(60);
    if quoted {
        row.push(b'"');
    }
    for (i, &n) in c.niches[..c.niche_count].iter().enumerate() {
        if i > 0 {
            row.extend_from_slice(sep);
        }
        let name = NICHES[n].name.as_bytes();
        if capitalise {
            row.push(name[0].to_ascii_uppercase());
            row.extend_from_slice(&name[1..]);
        } else {
            row.extend_from_slice(name);
        }
    }
    if quoted {
        row.push(b'"');
    }
    row.push(b',');

    // country and language, sometimes lower case
    if let Some(country) = c.country {
        let code = COUNTRIES[country].code;
        if rng.chance(50) {
            row.extend(code.bytes().map(|b| b.to_ascii_lowercase()));
        } else {
            row.extend_from_slice(code.as_bytes());
        }
    }
    row.push(b',');
    if let Some(lang) = c.language {
        row.extend_from_slice(lang.as_bytes());
    }
    row.push(b',');

    // email
    if c.email && bad != Some(Bad::MissingHandle) {
        write!(row, "{}@example.com", c.handle)?;
    }
    row.push(b',');

    // rate: 450, $450, "$1,200", 1.2k
    if let Some(rate) = c.rate {
        match rng.below(100) {
            0..55 => write!(row, "{rate}")?,
            55..75 if rate >= 1000 => write!(row, "\"${},{:03}\"", rate / 1000, rate % 1000)?,
            75..90 if rate >= 1000 => {
                push_fixed(row, (rate + 50) / 100, 1);
                row.push(b'k');
            }
            _ => write!(row, "${rate}")?,
        }
    }
    row.push(b'\n');
    Ok(())
}

/// A count as real exports spell it: `48213`, `48.2k`, `1.3M`, `"48,213"`, `48 213`.
fn messy_count(rng: &mut Rng, row: &mut Vec<u8>, n: u64) -> io::Result<()> {
    match rng.below(100) {
        0..55 => push_u64(row, n),
        55..80 if n >= 1_000_000 => {
            push_fixed(row, (n + 50_000) / 100_000, 1);
            row.push(if rng.chance(700) { b'M' } else { b'm' });
        }
        55..80 if n >= 1000 => {
            push_fixed(row, (n + 50) / 100, 1);
            row.push(if rng.chance(700) { b'k' } else { b'K' });
        }
        80..95 if n >= 1000 => {
            row.push(b'"');
            write_grouped(row, n, b',');
            row.push(b'"');
        }
        95..100 if n >= 1000 => write_grouped(row, n, b' '),
        _ => push_u64(row, n),
    }
    Ok(())
}

/// Writes `n` with a separator between thousands groups.
fn write_grouped(row: &mut Vec<u8>, n: u64, sep: u8) {
    if n < 1000 {
        return push_u64(row, n);
    }
    write_grouped(row, n / 1000, sep);
    row.push(sep);
    push_padded(row, n % 1000, 3);
}

/// Writes a whole number without the formatting machinery (the hot path writes millions).
fn push_u64(row: &mut Vec<u8>, n: u64) {
    push_padded(row, n, 1);
}

/// Writes a whole number with at least `width` digits, padded with leading zeros.
fn push_padded(row: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut start = digits.len();
    while n > 0 || digits.len() - start < width {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    row.extend_from_slice(&digits[start..]);
}

/// Writes `value / 10^decimals` with exactly `decimals` digits after the point: integer
/// arithmetic, so no float rounding can differ between platforms.
fn push_fixed(row: &mut Vec<u8>, value: u64, decimals: u32) {
    let scale = 10u64.pow(decimals);
    push_u64(row, value / scale);
    if decimals > 0 {
        row.push(b'.');
        push_padded(row, value % scale, decimals as usize);
    }
}

/// Writes a CSV field, quoting it when it holds a separator, a quote or a line break.
fn csv_field(row: &mut Vec<u8>, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        row.push(b'"');
        for b in value.bytes() {
            if b == b'"' {
                row.push(b'"');
            }
            row.push(b);
        }
        row.push(b'"');
    } else {
        row.extend_from_slice(value.as_bytes());
    }
}

/// Writes a TOML basic string.
fn toml_string(row: &mut Vec<u8>, value: &str) {
    row.push(b'"');
    for ch in value.chars() {
        match ch {
            '"' => row.extend_from_slice(b"\\\""),
            '\\' => row.extend_from_slice(b"\\\\"),
            '\n' => row.extend_from_slice(b"\\n"),
            '\t' => row.extend_from_slice(b"\\t"),
            c if c.is_control() => {
                let _ = write!(row, "\\u{:04X}", c as u32);
            }
            c => {
                let mut utf8 = [0; 4];
                row.extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
    row.push(b'"');
}

/// Writes one `[[creator]]` table. TOML is typed, so messy TOML keeps proper numbers and only
/// carries the mess that survives typing: `@` handles, odd platform spellings, Unicode names,
/// the bad rows and duplicates.
fn toml_table(
    c: &Creator,
    mut mess: Option<&mut Mess>,
    index: usize,
    row: &mut Vec<u8>,
) -> io::Result<()> {
    let bad = mess.as_mut().and_then(|m| m.bad_at(index));
    row.extend_from_slice(b"[[creator]]\n");
    if bad != Some(Bad::MissingHandle) {
        row.extend_from_slice(b"handle = ");
        let at = mess.as_mut().is_some_and(|m| m.rng.chance(150));
        row.push(b'"');
        if at {
            row.push(b'@');
        }
        row.extend_from_slice(c.handle.as_bytes());
        row.extend_from_slice(b"\"\n");
    }
    if c.has_name {
        row.extend_from_slice(b"name = ");
        match mess.as_mut() {
            Some(m) => {
                let mut name = String::with_capacity(c.name.len() + 8);
                m.name(c, &mut name);
                toml_string(row, &name);
            }
            None => toml_string(row, &c.name),
        }
        row.push(b'\n');
    }
    let p = &PLATFORMS[c.platform];
    let respell = mess.as_mut().is_some_and(|m| m.rng.chance(400));
    let platform = match (bad, mess.as_mut()) {
        (Some(Bad::UnknownPlatform), _) => "myspace",
        (_, Some(m)) if respell => m.rng.pick(p.spellings),
        _ => p.name,
    };
    writeln!(row, "platform = \"{platform}\"")?;
    let sign = if bad == Some(Bad::NegativeFollowers) {
        "-"
    } else {
        ""
    };
    writeln!(row, "followers = {sign}{}", c.followers)?;
    if bad == Some(Bad::EngagementTooHigh) {
        writeln!(row, "engagement_rate = 1.5")?;
    } else if let Some(bp) = c.engagement {
        row.extend_from_slice(b"engagement_rate = ");
        push_fixed(row, bp.into(), 4);
        row.push(b'\n');
    }
    if let Some(views) = c.avg_views {
        writeln!(row, "avg_views = {views}")?;
    }
    row.extend_from_slice(b"niches = [");
    for (i, &n) in c.niches[..c.niche_count].iter().enumerate() {
        if i > 0 {
            row.extend_from_slice(b", ");
        }
        write!(row, "\"{}\"", NICHES[n].name)?;
    }
    row.extend_from_slice(b"]\n");
    if let Some(country) = c.country {
        writeln!(row, "country = \"{}\"", COUNTRIES[country].code)?;
    }
    if let Some(lang) = c.language {
        writeln!(row, "language = \"{lang}\"")?;
    }
    if c.email && bad != Some(Bad::MissingHandle) {
        writeln!(row, "email = \"{}@example.com\"", c.handle)?;
    }
    if let Some(rate) = c.rate {
        writeln!(row, "rate = {rate}")?;
    }
    row.push(b'\n');
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Optimizer instances

/// One creator of an optimizer instance: the numbers the solver's `Candidate` holds (this crate
/// depends on nothing, so the solver's tests and benchmark build their candidates from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub key: u32,
    /// Fee in cents, whole dollars.
    pub cost: i64,
    /// Expected engagements.
    pub value: u64,
    /// 0 nano, 1 micro, 2 macro, 3 mega.
    pub tier: u8,
    /// Niche ids below 12.
    pub niches: Vec<u16>,
}

/// A seeded, realistic optimizer instance for tests and benchmarks: mostly nano and micro
/// creators, engagement falling with size, fees per 1,000 followers by platform, a third with a
/// round "own rate". The same seed gives the same candidates on a machine (unlike the rosters,
/// it uses `ln` and `exp`, so another platform's maths library may differ in the last bit).
pub fn candidates(n: usize, seed: u64) -> Vec<Candidate> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let t = rng.unit();
            let (tier, lo, hi, elo, ehi) = if t < 0.6 {
                (0u8, 1e3, 1e4, 0.03, 0.10)
            } else if t < 0.9 {
                (1, 1e4, 1e5, 0.015, 0.05)
            } else if t < 0.99 {
                (2, 1e5, 1e6, 0.008, 0.03)
            } else {
                (3, 1e6, 2e7, 0.005, 0.02)
            };
            let followers = (rng.range(f64::ln(lo), f64::ln(hi))).exp();
            let engagement = rng.range(elo, ehi);
            let per_k = [2.5, 10.0, 10.0, 20.0][(rng.next_u64() % 4) as usize];
            let adjust = 0.8 + 0.4 * rng.unit();
            let mut dollars = (followers / 1000.0 * per_k * adjust).round().max(5.0);
            if rng.next_u64().is_multiple_of(3) {
                dollars = ((dollars * rng.range(0.6, 1.6)) / 50.0).round().max(1.0) * 50.0;
            }
            let mut niches = Vec::new();
            for _ in 0..(rng.next_u64() % 3) {
                niches.push((rng.next_u64() % 12) as u16);
            }
            Candidate {
                key: i as u32,
                cost: dollars as i64 * 100,
                value: (followers * engagement) as u64,
                tier,
                niches,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn generate(seed: u64, rows: usize, messy: bool, format: SynthFormat) -> Vec<u8> {
        let mut out = Vec::new();
        let opts = SynthOptions { seed, rows, messy };
        write_roster(&opts, format, &mut out).unwrap();
        out
    }

    fn csv_records(bytes: &[u8]) -> Vec<csv::StringRecord> {
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
        reader
            .records()
            .map(|r| r.expect("well-formed CSV"))
            .collect()
    }

    fn tier(followers: u64) -> &'static str {
        match followers {
            0..1_000 => "unranked",
            1_000..10_000 => "nano",
            10_000..100_000 => "micro",
            100_000..1_000_000 => "macro",
            _ => "mega",
        }
    }

    #[test]
    fn same_seed_gives_same_bytes() {
        for format in [SynthFormat::Csv, SynthFormat::Toml] {
            for messy in [false, true] {
                let a = generate(7, 3000, messy, format);
                let b = generate(7, 3000, messy, format);
                assert_eq!(a, b, "{format:?} messy={messy}");
            }
        }
    }

    #[test]
    fn different_seeds_give_different_bytes() {
        assert_ne!(
            generate(1, 200, false, SynthFormat::Csv),
            generate(2, 200, false, SynthFormat::Csv)
        );
        assert_ne!(
            generate(1, 200, false, SynthFormat::Toml),
            generate(2, 200, false, SynthFormat::Toml)
        );
    }

    #[test]
    fn csv_has_header_and_one_line_per_row() {
        for rows in [0, 1, 10, 2500] {
            let text = String::from_utf8(generate(3, rows, false, SynthFormat::Csv)).unwrap();
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some(CSV_HEADER));
            assert_eq!(lines.count(), rows);
            assert_eq!(csv_records(text.as_bytes()).len(), rows);
        }
    }

    #[derive(serde::Deserialize)]
    struct TomlRoster {
        creator: Vec<TomlCreator>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)] // fields exist to check types while parsing
    struct TomlCreator {
        handle: String,
        name: Option<String>,
        platform: String,
        followers: u64,
        engagement_rate: Option<f64>,
        avg_views: Option<u64>,
        niches: Vec<String>,
        country: Option<String>,
        language: Option<String>,
        email: Option<String>,
        rate: Option<u64>,
    }

    #[test]
    fn toml_parses_with_the_requested_count() {
        let text = String::from_utf8(generate(11, 1500, false, SynthFormat::Toml)).unwrap();
        assert!(text.starts_with("# Generated by scout's synthetic roster generator"));
        let roster: TomlRoster = toml::from_str(&text).unwrap();
        assert_eq!(roster.creator.len(), 1500);
        assert!(
            roster
                .creator
                .iter()
                .all(|c| !c.niches.is_empty() && c.niches.len() <= 3)
        );
        assert!(
            roster
                .creator
                .iter()
                .all(|c| c.engagement_rate.is_none_or(|e| e < 0.5))
        );

        let messy = String::from_utf8(generate(11, 1500, true, SynthFormat::Toml)).unwrap();
        let table: toml::Table = toml::from_str(&messy).unwrap();
        assert_eq!(table["creator"].as_array().unwrap().len(), 1500);
    }

    #[test]
    fn sample_asset_matches_the_generator() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/roster.toml");
        let asset = std::fs::read_to_string(path).unwrap();
        assert!(
            asset == sample_roster_toml(),
            "regenerate {path} (see its first line)"
        );
        assert!(asset.starts_with(
            "# Generated by scout's synthetic roster generator (scout::synth): cargo run \
             --example synth -- --rows 320 --seed 2026 --toml -o assets/roster.toml\n"
        ));
    }

    #[test]
    fn sample_covers_tiers_niches_and_platforms() {
        let roster: TomlRoster = toml::from_str(&sample_roster_toml()).unwrap();
        let c = &roster.creator;
        assert_eq!(c.len(), SAMPLE_ROWS);
        let mut tiers = BTreeMap::new();
        for creator in c {
            *tiers.entry(tier(creator.followers)).or_insert(0) += 1;
        }
        assert!(tiers["mega"] >= 3 && tiers["unranked"] >= 3, "{tiers:?}");
        assert!(tiers["macro"] >= 10, "{tiers:?}");
        let niches: BTreeSet<_> = c.iter().flat_map(|c| c.niches.iter()).collect();
        assert!(niches.len() >= 12);
        let platforms: BTreeSet<_> = c.iter().map(|c| &c.platform).collect();
        assert!(platforms.len() >= 5);
        let rates = c.iter().filter(|c| c.rate.is_some()).count();
        assert!((80..=135).contains(&rates), "{rates}");
        assert!(c.iter().any(|c| c.avg_views.is_some()));
        assert!(
            c.iter()
                .flat_map(|c| &c.email)
                .all(|e| e.ends_with("@example.com"))
        );
    }

    #[test]
    fn distributions_look_like_the_domain_notes() {
        let bytes = generate(5, 10_000, false, SynthFormat::Csv);
        let records = csv_records(&bytes);
        let n = records.len() as f64;
        let mut tiers: BTreeMap<&str, usize> = BTreeMap::new();
        let mut platforms: BTreeMap<String, usize> = BTreeMap::new();
        let mut niches = BTreeSet::new();
        let mut er_by_tier: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut handles = std::collections::HashSet::new();
        let (mut rates, mut views, mut emails) = (0, 0, 0);
        for r in &records {
            let followers: u64 = r[3].parse().unwrap();
            let t = tier(followers);
            *tiers.entry(t).or_default() += 1;
            *platforms.entry(r[2].to_string()).or_default() += 1;
            niches.extend(r[6].split(';').map(str::to_string));
            if !r[4].is_empty() {
                er_by_tier.entry(t).or_default().push(r[4].parse().unwrap());
            }
            assert!(
                handles.insert((r[2].to_string(), r[0].to_string())),
                "duplicate handle"
            );
            assert!(
                r[0].bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'.'
                    || b == b'_')
            );
            rates += usize::from(!r[10].is_empty());
            views += usize::from(!r[5].is_empty());
            if !r[9].is_empty() {
                emails += 1;
                assert_eq!(r[9], format!("{}@example.com", &r[0]));
            }
        }
        let share = |k: &str| tiers.get(k).copied().unwrap_or(0) as f64 / n;
        assert!(share("nano") + share("micro") > 0.75, "{tiers:?}");
        assert!(share("nano") > share("micro") && share("micro") > share("macro"));
        assert!(share("macro") > share("mega") && share("mega") > 0.005);
        assert!(share("unranked") > 0.01);
        assert_eq!(platforms.len(), PLATFORMS.len(), "{platforms:?}");
        assert!(platforms["instagram"] > platforms["tiktok"]);
        assert!(platforms["tiktok"] > platforms["youtube"]);
        assert!(niches.len() >= 14);
        assert!((0.30..0.37).contains(&(rates as f64 / n)));
        assert!((0.22..0.28).contains(&(views as f64 / n)));
        assert!((0.67..0.73).contains(&(emails as f64 / n)));
        let median = |t: &str| {
            let mut v = er_by_tier[t].clone();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        assert!((0.04..0.08).contains(&median("nano")), "{}", median("nano"));
        assert!(
            (0.02..0.04).contains(&median("micro")),
            "{}",
            median("micro")
        );
        assert!(median("macro") < median("micro") && median("mega") < median("macro"));
    }

    #[test]
    fn messy_csv_is_well_formed_and_dirty() {
        let bytes = generate(9, 2000, true, SynthFormat::Csv);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let records = csv_records(&bytes);
        assert_eq!(records.len(), 2000);
        assert!(records.iter().all(|r| r.len() == 11));
        for needle in ["myspace", "N/A", "@", "\"$", "k,", "%,", "YouTube", "✨"] {
            assert!(text.contains(needle), "no {needle:?}");
        }
        assert!(
            records.iter().any(|r| r[0].is_empty()),
            "no row without handle"
        );
        assert!(
            records.iter().any(|r| r[3].starts_with('-')),
            "no negative followers"
        );
        assert!(
            records.iter().any(|r| r[1].contains(", ")),
            "no name with a comma"
        );
        assert!(records.iter().any(|r| r[3].contains(',')), "no 48,200");
        assert!(
            records
                .iter()
                .any(|r| r[1].chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
        );
        let mut seen = std::collections::HashSet::new();
        assert!(
            !records
                .iter()
                .all(|r| seen.insert(r.iter().collect::<Vec<_>>())),
            "no duplicate"
        );
    }

    #[test]
    fn small_messy_files_still_have_every_bad_kind() {
        let text = String::from_utf8(generate(1, 12, true, SynthFormat::Csv)).unwrap();
        assert_eq!(text.lines().count(), 13);
        assert!(text.contains("myspace"));
        assert!(text.contains("\n,"));
        let records = csv_records(text.as_bytes());
        assert!(records.iter().any(|r| r[3].starts_with('-')));
        assert!(
            records
                .iter()
                .any(|r| r[4].ends_with('%') && r[4].len() == 4)
        );
    }

    /// The optimizer instances the solver's tests and benchmark rely on: reproducible, the
    /// tier mix of real rosters (mostly nano and micro), whole-dollar fees, niches below 12.
    #[test]
    fn optimizer_instances_are_seeded_and_realistic() {
        let a = candidates(5_000, 42);
        assert_eq!(a, candidates(5_000, 42));
        assert_ne!(a, candidates(5_000, 43));
        assert!(a.iter().enumerate().all(|(i, c)| c.key == i as u32));
        assert!(a.iter().all(|c| c.cost >= 100 && c.cost % 100 == 0));
        assert!(
            a.iter()
                .all(|c| c.tier <= 3 && c.niches.iter().all(|&n| n < 12))
        );
        let small = a.iter().filter(|c| c.tier <= 1).count();
        assert!(small > 4_000, "{small} nano and micro of 5,000");
    }

    #[test]
    fn exp2_is_accurate() {
        for (x, want) in [
            (0.0, 1.0),
            (1.0, 2.0),
            (10.0, 1024.0),
            (-1.0, 0.5),
            (0.5, 2f64.sqrt()),
        ] {
            assert!((exp2(x) - want).abs() < 1e-12 * want, "{x}");
        }
        assert!((exp10(4.0) - 10_000.0).abs() < 1e-8);
    }

    #[test]
    fn numbers_are_written_exactly() {
        let mut row = Vec::new();
        push_u64(&mut row, 0);
        row.push(b' ');
        push_fixed(&mut row, 423, 4);
        row.push(b' ');
        push_fixed(&mut row, 12345, 2);
        row.push(b' ');
        write_grouped(&mut row, 1_048_007, b',');
        row.push(b' ');
        write_grouped(&mut row, 999, b',');
        assert_eq!(
            String::from_utf8(row).unwrap(),
            "0 0.0423 123.45 1,048,007 999"
        );
    }

    #[test]
    fn handle_set_grows_and_remembers() {
        let mut set = HandleSet::with_capacity(0);
        for k in 0..5000u64 {
            assert!(set.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        }
        for k in 0..5000u64 {
            assert!(!set.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        }
        assert_eq!(set.len, 5000);
    }

    #[test]
    fn prices_are_round() {
        assert_eq!(round_price(447.0), 450);
        assert_eq!(round_price(1234.0), 1200);
        assert_eq!(round_price(2.0), 5);
        assert_eq!(round_price(48_210.0), 48_000);
    }
}
