fn f() { let s = 1; }
x � y
