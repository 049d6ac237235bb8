//! Synthetic people for measuring the roster: names made from syllables by a seeded
//! generator, so the same command gives the same figures. Not realistic names — the
//! figures they measure (size, speed, hash collisions) do not depend on how names look.

/// A small seeded generator (SplitMix64): reproducible, no dependency.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Seeded {
        Seeded(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "al", "an", "ar", "be", "bo", "ca", "chlo", "da", "de", "el", "em", "fa", "fi", "ga", "ha",
    "is", "ja", "jo", "ka", "la", "le", "li", "lu", "ma", "me", "mi", "mo", "na", "ni", "no", "o",
    "pa", "pe", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "wi",
    "ya", "za", "zo", "smith", "son", "ley", "ton", "ford", "well", "er", "by",
];

/// A capitalised word of two or three syllables.
pub fn word(rng: &mut Seeded) -> String {
    let n = 2 + rng.below(2);
    let mut w: String = (0..n)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect();
    w[..1].make_ascii_uppercase();
    w
}

/// "Forename Surname".
pub fn full_name(rng: &mut Seeded) -> (String, String) {
    (word(rng), word(rng))
}

/// The roster CSV of a large Trust: 2,000 pupils (a quarter with a preferred forename),
/// 1,000 former pupils aged 11 to 17 (all still counted), 4,000 parents, across four academies.
pub fn trust_csv(rng: &mut Seeded) -> String {
    let mut csv = String::from("role,forename,surname,preferred_forename,date_of_birth,academy\n");
    let academies = [
        "Oak Primary Academy",
        "Elm Academy",
        "Ash Academy",
        "Birch Academy",
    ];
    for (role, count) in [("pupil", 2_000), ("former_pupil", 1_000), ("parent", 4_000)] {
        for _ in 0..count {
            let (forename, surname) = full_name(rng);
            let preferred = if role == "pupil" && rng.below(4) == 0 {
                word(rng)
            } else {
                String::new()
            };
            let birth = if role == "former_pupil" {
                format!(
                    "{:02}/{:02}/{}",
                    1 + rng.below(28),
                    1 + rng.below(12),
                    2009 + rng.below(6)
                )
            } else {
                String::new()
            };
            let academy = academies[rng.below(academies.len())];
            csv.push_str(&format!(
                "{role},{forename},{surname},{preferred},{birth},{academy}\n"
            ));
        }
    }
    csv
}

/// A page of people as a long suggestions list shows them: name, handle and a short bio.
pub fn page_of_people(rng: &mut Seeded, n: usize) -> Vec<safepost::Person> {
    (0..n)
        .map(|i| {
            let (forename, surname) = full_name(rng);
            safepost::Person {
                name: Some(format!("{forename} {surname}")),
                handle: Some(format!(
                    "@{}.{}_{i}",
                    forename.to_lowercase(),
                    surname.to_lowercase()
                )),
                bio: Some("Love football ⚽ and baking | Kent".into()),
            }
        })
        .collect()
}
