// Each `?` materializes the value it looks at, the `ControlFlow` it is turned into, and
// the error it returns early with, twice: in a debug build that is four slots per `?`.

pub struct Report {
    pub lines: [u64; 1024],
}

pub struct Failure {
    pub context: [u8; 1024],
}

fn step(n: u64) -> Result<Report, Failure> {
    if n > 100 {
        Err(Failure { context: [0; 1024] })
    } else {
        Ok(Report { lines: [n; 1024] })
    }
}

fn pipeline(n: u64) -> Result<u64, Failure> {
    let a = step(n)?;
    let b = step(n + 1)?;
    let c = step(n + 2)?;
    let d = step(n + 3)?;
    let e = step(n + 4)?;
    let f = step(n + 5)?;
    let g = step(n + 6)?;
    let h = step(n + 7)?;
    Ok(a.lines[0] + b.lines[1] + c.lines[2] + d.lines[3]
        + e.lines[4] + f.lines[5] + g.lines[6] + h.lines[7])
}

fn main() {
    let _ = pipeline(1);
}
