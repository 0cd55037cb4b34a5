// Through type aliases, and `Self` in an impl.

type Page = [u8; 4096];

struct Book {
    pages: [Page; 8],
}

type Library = Book;

fn read(book: Library) {}

impl Book {
    fn copy(&self) -> Self {
        Book { pages: self.pages }
    }
}

fn main() {}
