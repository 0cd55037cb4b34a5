fn f() {}
/// documents nothing
