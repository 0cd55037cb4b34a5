// An async body runs on the stack of whoever polls it, but what it holds across an
// `.await` lives in the future instead.

async fn ready() {}

// The arrays' scope ends before the `.await`: they are on the polling frame.
async fn before_await(x: u64) -> u64 {
    let sum = {
        let (a, b, c) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
        let (d, e, f) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
        let (g, h, i) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
        a[0] + b[1] + c[2] + d[3] + e[4] + f[5] + g[6] + h[7] + i[8]
    };
    ready().await;
    sum
}

// In scope across the `.await`: in the future, not in the frame.
async fn across_await(x: u64) -> u64 {
    let (a, b, c) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
    let (d, e, f) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
    let (g, h, i) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
    ready().await;
    a[0] + b[1] + c[2] + d[3] + e[4] + f[5] + g[6] + h[7] + i[8]
}

fn spawn_like(x: u64) -> impl std::future::Future<Output = u64> {
    async move {
        let (a, b, c) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
        let (d, e, f) = ([x; 2000], [x + 1; 2000], [x + 2; 2000]);
        a[0] + b[1] + c[2] + d[3] + e[4] + f[5]
    }
}

// (Futures are not polled here: memlint does not size the future an `async fn` returns.)
fn main() {}
