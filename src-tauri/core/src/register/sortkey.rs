//! Sorting the way a Swedish reader expects: case-insensitive, with å, ä, ö after z.

/// A key that sorts Swedish text in dictionary order: "Åtvidaberg" after "Zorn",
/// "ärende" after "åtgärd", upper and lower case together.
pub(crate) fn swedish(text: &str) -> Vec<u32> {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' => 'e' as u32,
            'ü' => 'y' as u32,
            other => other as u32,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::swedish;

    #[test]
    fn a_ring_a_umlaut_o_umlaut_after_z() {
        let mut v = vec!["Örebro", "ärende", "Åtvidaberg", "zebra", "Arboga"];
        v.sort_by_key(|s| swedish(s));
        assert_eq!(v, ["Arboga", "zebra", "Åtvidaberg", "ärende", "Örebro"]);
    }
}
