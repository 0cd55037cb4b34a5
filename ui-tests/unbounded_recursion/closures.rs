// Calls inside a closure are the enclosing function's: the closure runs while it does.

pub struct Dir {
    pub name: String,
    pub subdirs: Vec<Dir>,
}

pub fn print_tree(dir: &Dir, out: &mut Vec<String>) {
    out.push(dir.name.clone());
    dir.subdirs.iter().for_each(|sub| print_tree(sub, out));
}

pub fn total(dirs: &[Dir]) -> usize {
    let count = |d: &Dir| total(&d.subdirs) + 1;
    dirs.iter().map(count).sum()
}
