// Tests run on 2 MiB threads: test code is linted too.

pub fn checksum(data: &[u8]) -> u8 {
    data.iter().fold(0, |a, b| a ^ b)
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn big_input() {
        let input = [1u8; 1 << 20];
        assert_eq!(checksum(&input), 0);
    }
}
