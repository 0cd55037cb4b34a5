//! Strongly connected components (Tarjan's algorithm, with an explicit stack so that long
//! call chains cost no native stack).

/// The components of a graph given as successor lists.
#[derive(Clone, Debug)]
pub struct Sccs {
    /// Components in reverse topological order: a component comes after every component
    /// it reaches.
    pub components: Vec<Vec<usize>>,
    of: Vec<usize>,
}

impl Sccs {
    pub fn new(succ: &[Vec<usize>]) -> Sccs {
        const UNSEEN: usize = usize::MAX;
        let n = succ.len();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut components: Vec<Vec<usize>> = Vec::new();
        let mut of = vec![UNSEEN; n];
        let mut next = 0;
        // (node, position in its successor list)
        let mut work: Vec<(usize, usize)> = Vec::new();
        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            work.push((root, 0));
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut i)) = work.last_mut() {
                if let Some(&w) = succ[v].get(*i) {
                    *i += 1;
                    if index[w] == UNSEEN {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        of[w] = components.len();
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    component.sort_unstable();
                    components.push(component);
                }
            }
        }
        Sccs { components, of }
    }

    /// The component of node `v`.
    pub fn of(&self, v: usize) -> usize {
        self.of[v]
    }
}

#[cfg(test)]
mod tests {
    use super::Sccs;

    #[test]
    fn finds_cycles_and_orders_them() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3, 3 -> 3, 4 alone
        let succ = vec![vec![1], vec![2], vec![1, 3], vec![3], vec![]];
        let s = Sccs::new(&succ);
        assert_eq!(s.of(1), s.of(2));
        assert_ne!(s.of(0), s.of(1));
        assert_ne!(s.of(3), s.of(2));
        // Reverse topological: 3's component before {1, 2}'s, before 0's.
        assert!(s.of(3) < s.of(1));
        assert!(s.of(1) < s.of(0));
        assert_eq!(s.components.len(), 4);
    }

    #[test]
    fn long_chains_need_no_native_stack() {
        let n = 200_000;
        let succ: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let s = Sccs::new(&succ);
        assert_eq!(s.components.len(), 1);
        assert_eq!(s.components[0].len(), n);
    }
}
