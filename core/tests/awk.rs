//! `awk` (mawk 1.3.4 20200120, Debian 12's default `awk`) against the
//! real one: each case below was recorded by running the command line with
//! bash 5.2 and mawk on Linux 6.18, Debian 12, LANG=C.UTF-8 (standard
//! output, standard error, status), and runs in the lab unchanged.
//! `differential` runs the same lines through the installed mawk when
//! there is one.

use lolab_core::{Lab, LabConfig};

/// (command line, stdout, stderr, status), recorded.
const RECORDED: &[(&str, &str, &str, i32)] = &[
    (
        r#"awk 'BEGIN{print 0%0, 1%0, -1/0, 0/0, log(-1), -(0/0); printf "%d %d\n", 0/0, 1/0; x = 0/0; print (x == x), (x < 1), int(x)}'"#,
        r#"-nan -nan -inf -nan -nan nan
-2147483647 2147483647
1 0 -nan
"#,
        r#""#,
        0,
    ),
    (
        r#"echo a | awk '{print ($3 == 0), ($3 == ""), ($3 < 1), (NF == $3)}'"#,
        r#"0 1 1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"echo | awk '{print ($1 != NF), ($1 == 0)}'"#,
        r#"1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b' | awk '{$5="x"; print ($4 == 0), ($4 == "")}'"#,
        r#"0 1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 1/0, sin(0), cos(0), exp(0), log(1), atan2(0, -1)}'"#,
        r#"inf 0 1 1 0 3.14159
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b c' | awk '{print $2}'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a:b:c' | awk -F: '{print $1, $NF}'"#,
        r#"a c
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 1+2, 7/2, 2^10, 10%3, -3%2, 1e6, 1e20, 0.1+0.2, 100000*100000}'"#,
        r#"3 3.5 1024 1 -1 1000000 1e+20 0.3 1e+10
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{x="3x"; print x+0, substr("hello",2,3), index("hello","l"), toupper("ab"), tolower("AB")}'"#,
        r#"3 ell 3 AB ab
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{n=split("a:b:c",arr,":"); print n, arr[1], arr[3]}'"#,
        r#"3 a c
"#,
        r#""#,
        0,
    ),
    (
        r#"printf '1\n2\n3\n' | awk '{s+=$1} END{print s, NR}'"#,
        r#"6 3
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'a 1\nb 2\n' | awk '$2>1'"#,
        r#"b 2
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'foo\nbar\n' | awk '/o+/'"#,
        r#"foo
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{printf "%5.2f|%d|%s|%c\n", 3.14159, "42abc", "x", 65}'"#,
        r#" 3.14|42|x|A
"#,
        r#""#,
        0,
    ),
    (
        r#"awk '{print'"#,
        r#""#,
        r#"awk: line 2: missing } near end of file
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{print 1'"#,
        r#""#,
        r#"awk: line 2: missing } near end of file
"#,
        2,
    ),
    (
        r#"awk -Q"#,
        r#""#,
        r#"awk: not an option: -Q
"#,
        2,
    ),
    (
        r#"awk '{print}' nosuch"#,
        r#""#,
        r#"awk: cannot open nosuch (No such file or directory)
"#,
        2,
    ),
    (
        r#"echo 'a b' | awk -v x=5 '{print x, NF; $3="c"; print; print NF}'"#,
        r#"5 2
a b c
3
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b c' | awk 'BEGIN{OFS="-"}{$1=$1; print}'"#,
        r#"a-b-c
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{for(i=1;i<=3;i++) printf "%d ", i; print ""; while(j<2){j++; print j}; if (1>2) print "no"; else print "yes"}'"#,
        r#"1 2 3 
1
2
yes
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{a["x"]=1; a["y"]=2; for (k in a) n++; print n; if ("x" in a) print "in"; delete a["x"]; print length(a)}'"#,
        r#"2
in
1
"#,
        r#""#,
        0,
    ),
    (
        r#"echo hello | awk '{ print length }'"#,
        r#"5
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 1==1.0, "a"<"b", "10"<"9", 10<9}'"#,
        r#"1 1 1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"echo '10 9' | awk '{print ($1<$2)}'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{x; print x==0, x==""}'"#,
        r#"1 1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print substr("hello", 0), substr("hello", -1, 3), substr("hello", 4, 100) }'"#,
        r#"hello hell lo
"#,
        r#""#,
        0,
    ),
    (r#"awk 'BEGIN{exit 3}'"#, r#""#, r#""#, 3),
    (
        r#"echo a | awk '{print > "/dev/stderr"}'"#,
        r#""#,
        r#"a
"#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 3.0, 0.000001, 123456789012, 1234567.5}'"#,
        r#"3 1e-06 1.23457e+11 1.23457e+06
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{OFMT="%.2f"; x=3.14159; print x, x ""}'"#,
        r#"3.14 3.14159
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{CONVFMT="%.2f"; x=3.14159; y = x ""; print y}'"#,
        r#"3.14
"#,
        r#""#,
        0,
    ),
    (
        r#"echo '  a   b  ' | awk '{print NF, $1}'"#,
        r#"2 a
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a,b,,c' | awk -F, '{print NF, $3}'"#,
        r#"4 
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'aXXbXc' | awk -F'X+' '{print $2}'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{s="hello world"; gsub(/o/,"0",s); print s; sub(/l+/,"L",s); print s; print match("foobar", /ob/), RSTART, RLENGTH}'"#,
        r#"hell0 w0rld
heL0 w0rld
3 3 2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { x = "A"; x = x "B" 1+1; print x }'"#,
        r#"AB2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print int(3.9), int(-3.9), sqrt(16), sprintf("%03d", 7)}'"#,
        r#"3 -3 4 007
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b' | awk '{print $0; $0="x y z"; print NF, $2}'"#,
        r#"a b
3 y
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'a\nb\n' | awk 'NR==1{next} {print}'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print !0, !1, 1&&0, 1||0, 5 ? "t" : "f"}'"#,
        r#"1 0 0 1 t
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{x=5; x+=2; x-=1; x*=3; x/=2; x%=4; print x, x++, ++x, x--, --x}'"#,
        r#"1 1 3 3 1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 2^3^2, -2^2}'"#,
        r#"512 -4
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'function f(a){return a*2} BEGIN{print f(3)}'"#,
        r#"6
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'x' | awk '$1 ~ /x/ {print "m"} $1 !~ /y/ {print "n"}'"#,
        r#"m
n
"#,
        r#""#,
        0,
    ),
    (
        r#"seq 5 | awk 'NR==2,NR==4'"#,
        r#"2
3
4
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{printf "%s"}'"#,
        r#""#,
        r#"awk: run time error: not enough arguments passed to printf("%s")
	FILENAME="" FNR=0 NR=0
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{printf "%d %d\n", 1}'"#,
        r#"1 "#,
        r#"awk: run time error: not enough arguments passed to printf("%d %d
")
	FILENAME="" FNR=0 NR=0
"#,
        2,
    ),
    (
        r#"awk 'BEGIN { print length(12345), 1 " " 2 }'"#,
        r#"5 1 2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print substr("hello",2,-1) "|"}'"#,
        r#"|
"#,
        r#""#,
        0,
    ),
    (
        r#"echo a | awk '{print $-1}'"#,
        r#""#,
        r#"awk: run time error: negative field index $-1
	FILENAME="-" FNR=1 NR=1
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{printf "%i %5s %-5s| %x %o %e %g\n", 3.9, "ab", "cd", 255, 8, 1234.5, 0.0001}'"#,
        r#"3    ab cd   | ff 10 1.234500e+03 0.0001
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{x=1;;print x}}'"#,
        r#""#,
        r#"awk: line 1: extra '}'
awk: line 1: syntax error at or near end of line
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{print 1 +}'"#,
        r#""#,
        r#"awk: line 1: syntax error at or near }
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{if (}'"#,
        r#""#,
        r#"awk: line 1: missing ) near }
"#,
        2,
    ),
    (
        r#"awk '{ print "abc }'"#,
        r#""#,
        r#"awk: line 1: runaway string constant "abc } ...
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{x = 1 2; print x}'"#,
        r#"12
"#,
        r#""#,
        0,
    ),
    (
        r#"awk '/abc'"#,
        r#""#,
        r#"awk: line 1: runaway regular expression /abc ...
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{foo(1)}'"#,
        r#""#,
        r#"awk: line 2: function foo never defined
"#,
        2,
    ),
    (
        r#"awk 'BEGIN {print length("a", "b")}'"#,
        r#""#,
        r#"awk: line 1: wrong number of arguments in call to length
"#,
        2,
    ),
    (
        r#"awk -F"#,
        r#""#,
        r#"awk: option -F lacks argument
"#,
        2,
    ),
    (
        r#"awk -v"#,
        r#""#,
        r#"awk: option -v lacks argument
"#,
        2,
    ),
    (
        r#"awk -v x"#,
        r#""#,
        r#"awk: improper assignment: -v x
"#,
        2,
    ),
    (
        r#"awk -f nosuch"#,
        r#""#,
        r#"awk: cannot open nosuch (No such file or directory)
"#,
        2,
    ),
    (
        r#"awk 'BEGIN{printf("%d-%s\n", 5, "x")}'"#,
        r#"5-x
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print(1,2)}'"#,
        r#"1 2
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b' | awk '{print $1$2}'"#,
        r#"ab
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print substr("hello", 1.5, 2.3)}'"#,
        r#"he
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print index("abc", "")}'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{ while (1) { n++; if (n>3) break }; print n; do { m++ } while (m < 5); print m }'"#,
        r#"4
5
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{a="10"; b=9; print (a<b)}'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"echo '10' | awk '{a=$1; print (a<9)}'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{x[1,2]=3; for (k in x) { split(k, p, SUBSEP); print p[1], p[2] } }'"#,
        r#"1 2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print 1e3 "", 0.1 "", 1e-5 "", 100 / 3}'"#,
        r#"1000 0.1 1e-05 33.3333
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print "a\tb\n" "c\\d\"" }'"#,
        r#"a	b
c\d"
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print toupper(substr("hello",1,1)) substr("hello",2)}'"#,
        r#"Hello
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b c' | awk '{NF=2; print}'"#,
        r#"a b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'a b c' | awk '{$5="e"; print; print NF}'"#,
        r#"a b c  e
5
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{printf "%5.1s|%c|%c\n", "abc", "hello", 256+65}'"#,
        r#"    a|h|A
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'x y\n' | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i; print "" }'"#,
        r#"y x 
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'a\nb\n\nc\n' | awk 'BEGIN { RS=""; } { print NR ": " $0 }'"#,
        r#"1: a
b
2: c
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{printf "%*d|\n", 5, 3}'"#,
        r#"    3|
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "1 2" | awk '{ print $1 + $2 }'"#,
        r#"3
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { n = split("2024-01-15", d, "-"); print d[1] * 1, d[2] + 0 }'"#,
        r#"2024 1
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'b 2\na 1\n' | awk '{ sum[$1] += $2 } END { for (k in sum) print k, sum[k] }'"#,
        r#"b 2
a 1
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "GET /index.html 200" | awk '$3 == 200 { print $2 }'"#,
        r#"/index.html
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%-10s|%8.3f|\n", "name", 2.5 }'"#,
        r#"name      |   2.500|
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { x = 010; print x, "0x10" + 0, 1/3 }'"#,
        r#"10 16 0.333333
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN{print length()}' </dev/null"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "a b" | awk '{ $2 = ""; print; print NF }'"#,
        r#"a 
2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { s = "a.b.c"; n = gsub(/\./, "-", s); print n, s }'"#,
        r#"2 a-b-c
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { s = "aaa"; gsub(/x*/, "-", s); print s }'"#,
        r#"-a-a-a-
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { s = "hello"; sub(/l/, "[&]", s); print s; t = "a&b"; sub(/&/, "\\&\\&", t); print t }'"#,
        r#"he[l]lo
a&&b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "a b c" | awk '{ print $NF; print $(NF-1) }'"#,
        r#"c
b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "x" | awk '{ print NF ? "y" : "n" }'"#,
        r#"y
"#,
        r#""#,
        0,
    ),
    (
        r#"printf '3\n1\n2\n' | awk 'max < $1 { max = $1 } END { print max }'"#,
        r#"3
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'a\na\nb\n' | awk '!seen[$0]++'"#,
        r#"a
b
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'a b\nc d\n' | awk '{ print $2, $1 }' OFS=-"#,
        r#"b-a
d-c
"#,
        r#""#,
        0,
    ),
    (
        r#"printf 'k=v\n' | awk -F= '{ print $2 }'"#,
        r#"v
"#,
        r#""#,
        0,
    ),
    (
        r#"echo 'The Quick Fox' | awk '{ print tolower($0) }'"#,
        r#"the quick fox
"#,
        r#""#,
        0,
    ),
    (
        r#"echo '5 apples' | awk '{ if ($1 > 3) print "many"; else print "few" }'"#,
        r#"many
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { for (i = 0; i < 3; i++) s = s i; print s }'"#,
        r#"012
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%s\n" }'"#,
        r#""#,
        r#"awk: run time error: not enough arguments passed to printf("%s
")
	FILENAME="" FNR=0 NR=0
"#,
        2,
    ),
    (
        r#"awk 'BEGIN { print substr("hello", 2) }'"#,
        r#"ello
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print index("hello", "z") }'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print length("") }'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { a = "x"; a = a a a; print a }'"#,
        r#"xxx
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 7 % 3, -7 % 3, 7.5 % 2 }'"#,
        r#"1 -1 1.5
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1 / 3 * 3 == 1 }'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 100000 * 100000 == 1e10 }'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%d\n", 2147483648 }'"#,
        r#"2147483647
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%d\n", -2.5 }'"#,
        r#"-2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print -0.0 "" }'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 0.1 * 3 }'"#,
        r#"0.3
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { x["a"]; if ("a" in x) print "yes" }'"#,
        r#"yes
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1; exit; print 2 } END { print "end" }'"#,
        r#"1
end
"#,
        r#""#,
        0,
    ),
    (
        r#"echo x | awk '{ exit 5 } END { print "end"; exit }'"#,
        r#"end
"#,
        r#""#,
        5,
    ),
    (
        r#"echo "a  b" | awk -F' ' '{ print $2 }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "a|b" | awk -F'|' '{ print $2 }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "a.b" | awk -F. '{ print $2 }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "aTbtc" | awk -Ft '{ print $2 }'"#,
        r#"c
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "a	b" | awk -F'\t' '{ print $2 }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print match("aaa", /b/), RSTART, RLENGTH }'"#,
        r#"0 0 -1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print toupper(123) }'"#,
        r#"123
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print (1 > 2) ? "a" : "b" }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1 > "/dev/stdout" }'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print -"3" }'"#,
        r#"-3
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { n = split("", a); print n, length(a) }'"#,
        r#"0 0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { $0 = "a b c"; print NF; $2 = "X"; print }'"#,
        r#"3
a X c
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print substr("héllo", 2, 2) }'"#,
        r#"é
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print length("héllo") }'"#,
        r#"6
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1e300 * 1e300, -1e300 * 1e300 }'"#,
        r#"inf -inf
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print log(1) }'"#,
        r#"0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%.3e\n", 12345 }'"#,
        r#"1.234e+04
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 12345678 }'"#,
        r#"12345678
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 2147483647, 2147483648, -2147483647, -2147483648 }'"#,
        r#"2147483647 2.14748e+09 -2147483647 -2.14748e+09
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "1 2 3" | awk '{ $2 = ""; print }'"#,
        r#"1  3
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "1 2 3" | awk '{ $0 = $0; print $2 }'"#,
        r#"2
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { x = "abc"; print x ~ "b", x ~ /^a/, "b" ~ x }'"#,
        r#"1 1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { if (!(3 in a)) print "no"; print length(a) }'"#,
        r#"no
0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'function fib(n) { return n < 2 ? n : fib(n-1) + fib(n-2) } BEGIN { print fib(15) }'"#,
        r#"610
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'function add(arr, k) { arr[k] = 1 } BEGIN { add(z, "q"); for (k in z) print k }'"#,
        r#"q
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'function f(x) { x = 5 } BEGIN { y = 1; f(y); print y }'"#,
        r#"1
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "%5.1f%%\n", 45.678 }'"#,
        r#" 45.7%
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1 == "1", "a" == "a ", 2 < 10, "2" < "10" }'"#,
        r#"1 0 1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"echo "2 10" | awk '{ print ($1 < $2), ($1 "" < $2 "") }'"#,
        r#"1 0
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print substr("abc", 2, 1.5) }'"#,
        r#"b
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { printf "[%s]\n", sprintf("%5s", "ab") }'"#,
        r#"[   ab]
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 10 " items" + 0 }'"#,
        r#"100
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print 1 - -1, 2 - - 2 }'"#,
        r#"2 4
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { a = 1; a++ ; print a++ + ++a }'"#,
        r#"6
"#,
        r#""#,
        0,
    ),
    (
        r#"awk 'BEGIN { print "a" > "/tmp/awk_lab_t"; print "b" > "/tmp/awk_lab_t"; close("/tmp/awk_lab_t"); while ((getline l < "/tmp/awk_lab_t") > 0) print "got", l }'"#,
        r#"got a
got b
"#,
        r#""#,
        0,
    ),
];

#[test]
fn recorded() {
    let mut lab = Lab::new(LabConfig::default());
    let mut failures = Vec::new();
    for (line, stdout, stderr, status) in RECORDED {
        let r = lab.run(line);
        if (r.stdout().as_str(), r.stderr().as_str(), r.status) != (*stdout, *stderr, *status) {
            failures.push(format!(
                "{line}\n  want {stdout:?} {stderr:?} {status}\n  got  {:?} {:?} {}",
                r.stdout(),
                r.stderr(),
                r.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The lab's own files: `/etc/passwd` is Debian's stock one with `user`.
#[test]
fn lab_files() {
    let mut lab = Lab::new(LabConfig::default());
    let r = lab.run("awk -F: '$3 >= 1000 {print $1, $6}' /etc/passwd");
    assert_eq!(r.stdout(), "nobody /nonexistent\nuser /home/user\n");
    let r = lab.run("awk -F: 'NR<=2{print $1}' /etc/passwd");
    assert_eq!(r.stdout(), "root\ndaemon\n");
    let r = lab.run("awk 'BEGIN { getline; print \"x\" $0 }' < /etc/hostname");
    assert_eq!(r.stdout(), "xlab\n");
    // A pipe is read record by record as it comes.
    let r = lab.run("ping -c 2 127.0.0.1 | awk '/bytes from/ {n++} END {print n}'");
    assert_eq!(r.stdout(), "2\n");
    // A program that never ends is stopped, as Ctrl-C would stop it.
    let r = lab.run("awk 'BEGIN { while (1) n++ }'");
    assert_eq!(r.status, 130);
    // Pipes to and from commands are not built: refused as mawk refuses
    // what it cannot parse.
    let r = lab.run("awk 'BEGIN { print \"x\" | \"cat\" }'");
    assert_eq!(
        (r.stderr().as_str(), r.status),
        ("awk: line 1: syntax error at or near |\n", 2)
    );
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn differential() {
    use std::process::Command;
    let installed = Command::new("sh")
        .arg("-c")
        .arg("awk -W version 2>/dev/null | grep -q 'mawk 1.3.4'")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !installed {
        eprintln!("skipped: mawk 1.3.4 is not installed here");
        return;
    }
    let mut lab = Lab::new(LabConfig::default());
    for (line, _, _, _) in RECORDED {
        let real = Command::new("bash")
            .arg("-c")
            .arg(line)
            .env("LANG", "C.UTF-8")
            .current_dir(std::env::temp_dir())
            .output()
            .expect("bash runs");
        let ours = lab.run(line);
        assert_eq!(
            ours.stdout(),
            String::from_utf8_lossy(&real.stdout),
            "{line}"
        );
        assert_eq!(
            ours.stderr(),
            String::from_utf8_lossy(&real.stderr),
            "{line}"
        );
        assert_eq!(ours.status, real.status.code().unwrap_or(-1), "{line}");
    }
}

/// Random programs over fields, numbers and strings (generated once, kept
/// here) through the installed mawk and the lab's awk.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn random_programs_differential() {
    use std::process::Command;
    let installed = Command::new("sh")
        .arg("-c")
        .arg("awk -W version 2>/dev/null | grep -q 'mawk 1.3.4'")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !installed {
        eprintln!("skipped: mawk 1.3.4 is not installed here");
        return;
    }
    let lines = [
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ((("" $1 > a[1]) / (a[1]+7)) % ($1+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(((($2 || 2.5) / ((($1==$2) || 2.5)+7)) * (("3x" == int(7/2)) + 0)), parts, /b/); print n, parts[1]; print ($1 - (("3x" < NR) == $2)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print toupper($1) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(a["k"], parts, /b/); print n, parts[1]; x = (NR / ((1e3 < ("3x"   -2))+7)); print (($NF > (a[1] || "a")) * ((NF != x)   (0 && 3))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(x, parts, /b/); print n, parts[1]; print (((a[1] && toupper($1)) * (x < (1<2))) ~ /a/); x = (("10" % ((2.5 + "a")+7)) || $NF) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", ((index($0,"b") + ("3x" || $1)) || ((substr($0,2,3)   ($1==$2))   ("3x" != "abc"))), length($0), ($1==$2); a["k"] = (length($0) || "a"); printf "%s|%d|%.2f\n", (((NR * NR) ~ /^b/) % (1e3+7)), (("abc" && (-2   "3x")) - (x != (int(7/2) / ((1<2)+7)))), ((($2 ~ /a/) == (-2 - ($1==$2))) + (int(7/2) || ($2 || "a"))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((NF != a["k"]) ~ /[0-9]+/) % ((substr($0,2,3) % ((y == $NF)+7))+7)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split((($NF < ("" $1 && ($1==$2)))   ((toupper($1) + index($0,"b")) == (a[1] > a[1]))), parts, /b/); print n, parts[1]; print (toupper($1) / ((length($0) / ((2.5 || 1e3)+7))+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (("3x" && 0) && ((index($0,"b") && ($1==$2)) / ((substr($0,2,3) || int(7/2))+7))); if ("3x") print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((y + -2) == ((a[1] - "abc") - ((1<2) < (1<2)))); x = x } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print index($0,"b"); y += $NF } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ((substr($0,2,3) == (-2 || x)) * ((substr($0,2,3) > toupper($1)) > x)); a[$1] = y } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((-2 + substr($0,2,3)) - ("a" > $1)) || ("abc" * 0)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((2.5 + ("a" == "a")) < (($1 ~ /./) != 2.5)); printf "%s|%d|%.2f\n", ((a[1] * ("3x" != "3x")) ~ /[0-9]+/), (((a[1] * NF) - (0 / ("10"+7))) + ("3x" * "" $1)), ("a" * (y == (a[1] || 2.5))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if ($2) print "T"; else print "F"; a[$1] = ((("3x" > x) + ("" $1 > $1)) && (toupper($1) && (a["k"] != substr($0,2,3)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((substr($0,2,3) * "10") + (-2 ~ /^b/)) || a["k"]); x = ((1e3 == ($NF   "a")) / (((0 && length($0)) * $1)+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if ((NF || a["k"])) print "T"; else print "F"; x = (x == 2.5); y += ((x && ("a" < "3x")) > ((y > $2) + (length($0)   1e3))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print x; print ((1e3 != "a") + ((toupper($1) > $2) == NR)); x = ((($NF || "10") > (index($0,"b")   "10")) < ((substr($0,2,3) / (3+7)) > ((1<2) - "abc"))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (substr($0,2,3) % (y+7)); x = ($1==$2); a[1] = 3 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print NR; print 2.5; print (((substr($0,2,3) / (int(7/2)+7)) + (a["k"] == a["k"])) != (0 && -2)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += ("" $1 != index($0,"b")); printf "%s|%d|%.2f\n", ((("3x"   NR) != "" $1) ~ /[0-9]+/), $2, (substr($0,2,3) / (NR+7)); print a["k"] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += NF } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[$1] = ($1==$2); print (2.5 - ((-2 + "abc") == (toupper($1) ~ /c$/))); print (((index($0,"b") + $NF) != (($1==$2) % ("3x"+7))) < ((3 % (0+7)) == ("10" && -2))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ("" $1 > (1<2)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print toupper($1); a[1] = (1<2) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[$1] = ((("3x" + index($0,"b"))   3) / (((a[1] < y) ~ /^b/)+7)); print ((("a" > (1<2)) / ((y < "10")+7)) + ((NR > 3) * (NR && "abc"))); a[$1] = (((3 % (a["k"]+7)) / ((x ~ /c$/)+7)) - length($0)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (($1 ~ /./) ~ /c$/); print (-2 ~ /a/) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (3 + a[1]) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a[$1] = ($1==$2); print ($1 - ((1e3 % (index($0,"b")+7)) ~ /^b/)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a[$1] = ($NF && "" $1); print (0 + ("" $1 == 3)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += (((NF / (x+7)) * (2.5 % ("10"+7)))   (1<2)); print (("abc" || "abc") % (((substr($0,2,3) - 1e3) ~ /^b/)+7)); a["k"] = ((("3x" == x) - (substr($0,2,3) - "" $1)) < ($1==$2)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ((($NF > length($0)) - (-2 != "" $1)) + (length($0) || ($1==$2))); n = split(NR, parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a[$1] = 0; print (((y && "a") + ("abc" > a[1]))   ((($1==$2) % (y+7)) && (3   substr($0,2,3)))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = ((x % ((x == NF)+7)) / ((($1==$2) * (a["k"] != "10"))+7)); print substr($0,2,3); y += (((a["k"] / (x+7)) != (($1==$2) == a["k"])) - ((index($0,"b") / (2.5+7)) ~ /[0-9]+/)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print int(7/2); print (((index($0,"b") || toupper($1)) && ("abc" > length($0))) / ((0 / (3+7))+7)); x = (((3 - index($0,"b")) / ((x / (($1==$2)+7))+7)) % (((toupper($1) || substr($0,2,3))   $2)+7)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if ((-2 * ((x + NR) % (length($0)+7)))) print "T"; else print "F"; print ((toupper($1) < (a[1] && x)) * 3) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split(((($NF % ("" $1+7)) ~ /./)   (($NF > 3) * (-2 > 2.5))), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if ((($2 < (int(7/2) || length($0))) != "3x")) print "T"; else print "F"; print (((($1==$2) || 2.5) ~ /[0-9]+/) == ("abc" ~ /[0-9]+/)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((3 < -2) ~ /a/) && ((1<2) * (0 / (index($0,"b")+7)))); x = (((NR ~ /./) - ("3x" || y)) == (y / (index($0,"b")+7))); a[1] = -2 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ a[$1] = -2; print length($0); printf "%s|%d|%.2f\n", ((("3x" / ("" $1+7)) || ($2   0)) ~ /./), ((("10" != index($0,"b")) ~ /[0-9]+/) || $2), substr($0,2,3) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print x; print ($NF ~ /a/); if ("3x") print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((y   $1) / ("3x"+7)) || ((x != $1) && ("10" > $NF))); print $2 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", (((0 / ("3x"+7)) && NR) > 0), toupper($1), ((substr($0,2,3)   3) % ((("a" % (a[1]+7)) + a["k"])+7)); y += (($1   (length($0) + $2)) && ((1e3 < a[1]) * a[1])); x = (a[1] / (((a[1] == 2.5)   2.5)+7)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", "abc", (3 && (1<2)), (int(7/2) > (("a" > "" $1)   (substr($0,2,3) * "a"))); a["k"] = ((("" $1 * 1e3) - (a["k"] % ("3x"+7))) - (-2   substr($0,2,3))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print "abc"; a["k"] = (($1==$2) + "abc"); x = ((y || toupper($1)) * ((-2 && x) - (1e3 - $1))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if ((((length($0) < y) * index($0,"b")) < (((1<2) && 0) + y))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", ((0 % ((int(7/2) - length($0))+7)) ~ /./), (((NR + "abc") + (int(7/2) && 1e3)) % (((a["k"] ~ /c$/) % (($NF == substr($0,2,3))+7))+7)), ("10" % ((($1   NR) - 2.5)+7)); print ((NF ~ /a/) || (1<2)); print (((1e3 % (length($0)+7)) > ($2 * "" $1)) && ("" $1 < ("" $1 % ($NF+7)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ("abc"   "abc"); print (("10" < (y % (-2+7))) * ((index($0,"b") * "" $1) == ($NF / ("" $1+7)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((NF != "10") ~ /a/) != $1); y += ((3 ~ /^b/) + substr($0,2,3)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((a[1] / (a[1]+7)) * (y ~ /^b/)) > NR) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print "" $1 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += (((2.5 / (length($0)+7)) ~ /^b/) > ((($1==$2) != length($0)) / ((x > NF)+7))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += (("" $1 * (int(7/2) % ("10"+7))) + substr($0,2,3)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split("a", parts, /b/); print n, parts[1]; if (((($1   substr($0,2,3)) || (2.5 || 1e3))   ((3 - 3) != a[1]))) print "T"; else print "F"; x = ($NF < $1) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((("" $1 < 2.5) % ((toupper($1) < x)+7)) > substr($0,2,3)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((int(7/2) / ($NF+7)) > $NF) - (("a" + 3) || ("" $1 < "" $1))); if ($NF) print "T"; else print "F"; x = (NR / (("3x" - ($NF > $NF))+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((substr($0,2,3) / ((1<2)+7)) ~ /./) % ((("3x" == "a") % ($NF+7))+7)); print (((a["k"] > y) || (substr($0,2,3) && length($0))) % (((3 && "10") ~ /./)+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", ((3 == -2) / ("" $1+7)), (((index($0,"b") / ("abc"+7)) < (substr($0,2,3)   "" $1)) - (x + ((1<2) + -2))), index($0,"b") } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += ($2 < ((-2 - "a") % (3+7))); if ("" $1) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print substr($0,2,3) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((1e3   (a["k"] * $NF)) || x) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a["k"] = ((NF + (1<2)) ~ /a/) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(-2, parts, /b/); print n, parts[1]; y += (a["k"] ~ /a/) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = (((1e3 + x) ~ /[0-9]+/) * (index($0,"b") > toupper($1))); y += ((("a" - "10") - substr($0,2,3)) != (1<2)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += ((($NF ~ /^b/) < ("" $1   x)) % ((length($0) || x)+7)); y += ((toupper($1) * (substr($0,2,3)   substr($0,2,3))) + index($0,"b")); print (((y + "10") || ((1<2) || ($1==$2))) > int(7/2)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split(2.5, parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split(((0 > -2) / (((0 - 0) * ("" $1 ~ /c$/))+7)), parts, /b/); print n, parts[1]; y += "a" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ if (3) print "T"; else print "F"; print ((("a" / (1e3+7)) / (($NF || length($0))+7)) > (y && (x > NR))); y += (3 < (((1<2) - 3) / (("10" < "10")+7))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((("" $1 - NF) * (3 == x)) || ((index($0,"b") - $1) == (a["k"] / ("10"+7)))); a[1] = (a[1] != (((1<2) == length($0)) / ((toupper($1) == $1)+7))); print (("10" ~ /./) ~ /a/) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", ((x == "10") > 3), (x == ((1e3 == ($1==$2)) || ("" $1 || -2))), (NF == "10"); print 0; x = x } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split((((index($0,"b") == a[1]) % ((a[1] > int(7/2))+7)) * ((y != "abc") * (3 > "abc"))), parts, /b/); print n, parts[1]; a[1] = ((("10" * a["k"]) != ("3x" ~ /^b/)) % ((x * 1e3)+7)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += (((y == a[1]) ~ /./) - $NF); x = "abc" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = x; a[1] = (2.5 == ((NF == 0) * length($0))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ("abc" > (($1 || 3)   (1e3 ~ /c$/))); print ((NR   ($NF < -2)) % (((-2 - toupper($1)) || (a[1] ~ /a/))+7)); a["k"] = ("abc" == 0) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if (int(7/2)) print "T"; else print "F"; print "10"; print "abc" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = (((substr($0,2,3) != "a") + (1<2)) == (("3x" / (3+7)) % ((NR && "10")+7))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((a[1] * NF) || toupper($1))   (1e3 < (3 - "10"))); if (((2.5 != (int(7/2) % ("" $1+7))) ~ /^b/)) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = "a"; y += ("10" ~ /c$/) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (a["k"] + ((-2 > NF) * (NR == "10"))); x = int(7/2) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split((((-2 != $NF) ~ /a/) + index($0,"b")), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ a["k"] = (NF * (("10" ~ /[0-9]+/) - "a")) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", (int(7/2) == (("a" < 0) % (($NF   ($1==$2))+7))), (((-2 == a[1]) < ($1 ~ /./)) == ("10" == ("3x" / ((1<2)+7)))), ((length($0) * (-2 * $NF)) ~ /./) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", (toupper($1) > (1<2)), ((2.5 ~ /c$/) + 0), substr($0,2,3) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print "3x"; print "a" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((0 ~ /c$/) * ((NR / ($2+7)) && ("a" > "abc"))); print (($NF && -2) * ((a["k"] != "" $1) > (int(7/2) + 0))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((toupper($1) - "" $1) || (($1==$2) > a[1])) && (NR > (index($0,"b") ~ /c$/))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split("10", parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((1e3 % (0+7)) * ($NF ~ /c$/)) == ((length($0)   3) > (a[1] - 0))); print ($1==$2) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (((x + "a") * (toupper($1) != (1<2))) % (((length($0)   ($1==$2)) || (length($0) < ($1==$2)))+7)); if ("abc") print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((NF == int(7/2)) && ($NF / (3+7))) - ((substr($0,2,3) == $2) == (toupper($1) % (length($0)+7)))); x = "" $1 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (0 - NF) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((int(7/2) % ("10"+7)) > int(7/2)) == 0); print ("" $1 && (y % (NF+7))); print (y != ((1<2) * "" $1)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split(1e3, parts, /b/); print n, parts[1]; print 0; print ((a[1] % ((0 + 3)+7)) < $2) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ if (($1 * ("a" && (length($0) ~ /./)))) print "T"; else print "F"; x = ((1<2) ~ /./); x = (((length($0) / ((1<2)+7)) > ($1 && index($0,"b"))) - (x != (index($0,"b") > (1<2)))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((a["k"] - a[1]) ~ /[0-9]+/)   "10"); if ("3x") print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = ($1==$2); print (2.5 > (($2 < "10") == (substr($0,2,3)   "" $1))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print "3x" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += (((y || ($1==$2)) < (a["k"] == index($0,"b"))) != (NR == (toupper($1) + y))); x = (1<2) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (a["k"] + ((2.5 + $1) ~ /[0-9]+/)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print int(7/2) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", (index($0,"b")   (a[1] != (3 + a["k"]))), toupper($1), (($2 || (int(7/2) * length($0))) < (("10" / ("" $1+7)) && "3x")); print (toupper($1) + ((NR > 2.5) && (1e3 != (1<2)))); if ("" $1) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (a[1] / ((($NF < 1e3) % (($NF ~ /./)+7))+7)); n = split(((("" $1 > 1e3) < (a["k"] == index($0,"b"))) < ((2.5 * a[1]) && -2)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((int(7/2) % (length($0)+7)) % (($1 * ("abc" == int(7/2)))+7)); x = y } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (int(7/2) && (("a" + "3x") != ("a" && toupper($1)))); a[1] = (0 * (("abc" + "" $1) ~ /[0-9]+/)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ a[$1] = -2 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print 1e3; x = -2 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += ((-2 != 1e3) || (("a"   2.5) == "3x")) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((("a" % (index($0,"b")+7))   (1e3 * a[1])) * ((y   $1) ~ /c$/)); printf "%s|%d|%.2f\n", (((3 - $1)   substr($0,2,3)) - ((3 ~ /c$/) ~ /./)), ((($2 + index($0,"b")) ~ /[0-9]+/) + ((2.5 / (toupper($1)+7))   (y + $2))), ((length($0)   ("3x" == ($1==$2))) ~ /[0-9]+/) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((-2 - y) + ($1   "a")) * (((1<2) != a[1]) || int(7/2))); print (1<2); a["k"] = (((length($0) * 1e3) % ((-2 && substr($0,2,3))+7))   ("10" < ("a" - 1e3))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if (($1 % ((0 + ("3x" && index($0,"b")))+7))) print "T"; else print "F"; printf "%s|%d|%.2f\n", ((int(7/2) % (("" $1 ~ /[0-9]+/)+7)) < substr($0,2,3)), ((($1==$2) > (a[1] ~ /[0-9]+/)) - ((($1==$2) || a["k"]) || (-2 - 2.5))), (y + ((substr($0,2,3) ~ /c$/) && $NF)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((NR > "" $1) < (NR % (2.5+7)))   int(7/2)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print NF; x = ("10" < a[1]) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split((toupper($1) < ($1==$2)), parts, /b/); print n, parts[1]; printf "%s|%d|%.2f\n", (NF * ((y / (NR+7)) / ($NF+7))), substr($0,2,3), (length($0) != ((int(7/2) == "a") > ($NF - "3x"))); print ((x < ("3x" / ("" $1+7)))   (x ~ /[0-9]+/)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = (((toupper($1) + NF) && 0) > (int(7/2) > ("" $1 == (1<2)))); print (((a[1] + $2) * $2) == (NR && (a[1] - a[1]))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((y - "10")   NR) && a["k"]); y += (1<2); if ((y   $NF)) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += 3 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += (((int(7/2) > (1<2)) > (a["k"] * "10"))   (($1 / (NR+7)) > (toupper($1) > NR))); print (((($1==$2) || NR) + index($0,"b")) > ((toupper($1) || "10") / ((0 ~ /[0-9]+/)+7))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if ((((y == a["k"]) ~ /./) < (NR ~ /./))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((($1==$2) != "10") < (NF == "" $1)) % (((NF * 1e3) / ("a"+7))+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((index($0,"b") < NR) < x) != "abc") } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if (((("abc" == y) - ("10" > 0)) < NR)) print "T"; else print "F"; print (("abc" / ((a["k"]   index($0,"b"))+7)) - a["k"]) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = (((length($0) ~ /a/) % (("a" == x)+7)) ~ /a/); print (((x ~ /a/) || y) + 0); print "abc" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if ("3x") print "T"; else print "F"; print $NF; a[$1] = (3   NR) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", ((-2   ((1<2) == "abc")) - ((y - substr($0,2,3)) && $2)), ((("3x" || a["k"]) == (a["k"] * (1<2))) > NF), (int(7/2) == (($2 != length($0)) == ($1==$2))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((int(7/2) == (a["k"] + int(7/2))) % (substr($0,2,3)+7)); print ((("a" && a[1]) != (a[1]   ($1==$2))) * (NF == 0)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ if (((1<2) + (a["k"] > ("10" ~ /c$/)))) print "T"; else print "F"; printf "%s|%d|%.2f\n", "a", a["k"], (("10" || (1e3   "3x")) * (((1<2) + 0) < (y % (length($0)+7)))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((index($0,"b") ~ /^b/) == ((2.5 - 0) || (NF + index($0,"b")))); x = (((2.5 + y) || index($0,"b"))   ((NR + length($0)) % (($2 - toupper($1))+7))); print ((1e3 && $1) && (NF == ("3x"   substr($0,2,3)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print substr($0,2,3); printf "%s|%d|%.2f\n", a[1], ("a" + "abc"), ((3 != (a["k"] / (2.5+7))) || ($1==$2)); a["k"] = "" $1 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a["k"] = (($NF && ($NF / (a["k"]+7))) != ((index($0,"b") && 0) - x)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print "10" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = toupper($1) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += ((("abc" && "3x") < ("a" / ($2+7))) < index($0,"b")) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split((($NF == ("10" != ($1==$2))) || (("3x" && 2.5) ~ /c$/)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += "abc"; x = "10"; a["k"] = a["k"] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((y ~ /a/) != (($1==$2) == (a[1] + 3))); print ((($NF > length($0))   (NR % (x+7))) / ("abc"+7)); print (y > (("a" % (index($0,"b")+7)) != (1e3 + NR))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += (length($0) < (a[1] && (($1==$2) ~ /[0-9]+/))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ($2 > int(7/2)); print "a"; x = ((("abc" != y)   y)   "3x") } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split((((NF < "abc") % (("3x" % ((1<2)+7))+7)) && (index($0,"b") == ("" $1 ~ /[0-9]+/))), parts, /b/); print n, parts[1]; y += (((index($0,"b") > "" $1) * ($1==$2)) || ((NR || (1<2)) > (3 + substr($0,2,3)))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ a["k"] = 2.5 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (-2 || $2); x = (1<2); a[1] = $1 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print $NF; n = split("3x", parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (((toupper($1) < NR) * (NF > x)) > NR) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ("10" ~ /./); print ((2.5 + ("3x"   index($0,"b"))) == ($1==$2)); a["k"] = ((("a" > (1<2)) == ("10" == "" $1)) == a[1]) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", (((x < NF) + 3) && ((NF > index($0,"b")) || (-2 == 2.5))), (((substr($0,2,3) && a["k"])   (a[1] ~ /[0-9]+/)) < ((index($0,"b") == 1e3) % (int(7/2)+7))), ("abc" % ((NR && ("10" == a["k"]))+7)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += "10"; a[1] = ($NF   (((1<2)   NF) == toupper($1))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = (a["k"]   "abc"); a[$1] = (toupper($1) > (("" $1 == index($0,"b")) == y)); print 1e3 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ($1==$2) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print int(7/2); print 0 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (($2 ~ /a/) || (y && ((1<2) != index($0,"b")))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (a["k"] != ((a["k"] || 3)   a[1])); if (($1 || ($2 % ("3x"+7)))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (((3 > 3) % (index($0,"b")+7)) == 1e3) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ($1==$2); print "" $1 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += (((a["k"] || "10") % (-2+7)) + ((2.5 ~ /^b/)   ($1 % (NF+7)))); print $1 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (1e3 > ("10" == (a[1] < toupper($1)))); print (int(7/2) < -2) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if (($2 - ("10" != (x / ($2+7))))) print "T"; else print "F"; print (($2 - (int(7/2) % (1e3+7))) != ((a[1] + "" $1) < (0 / (y+7)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if ("a") print "T"; else print "F"; print a["k"]; y += (1e3 || 0) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (("a" * (NF ~ /^b/)) ~ /a/); printf "%s|%d|%.2f\n", (2.5 / ((($2 + $NF) * ($1 < length($0)))+7)), (-2 * (((1<2) % ("a"+7)) + (NR || NR))), ((index($0,"b") % (("abc" || index($0,"b"))+7)) || (($NF || substr($0,2,3)) || ("a" + NF))); print (toupper($1) == length($0)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += ((((1<2) < $NF) + (2.5 == length($0))) && substr($0,2,3)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a["k"] = ((2.5 % (-2+7))   (("" $1 / ((1<2)+7)) != ((1<2) ~ /[0-9]+/))); x = 2.5; if (y) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += ((y != (NR ~ /a/)) > ((a["k"] == toupper($1)) % ((1e3 ~ /./)+7))); if (NF) print "T"; else print "F"; print ((("10"   $2) && (index($0,"b") == index($0,"b"))) || ("3x"   (($1==$2) < int(7/2)))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split("" $1, parts, /b/); print n, parts[1]; x = "3x" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = y; n = split((index($0,"b") && ((y ~ /./) < ("a" && substr($0,2,3)))), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(((NR && ("a" / ($2+7))) / (((length($0) != 2.5) > (3 && $1))+7)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (int(7/2) / ($1+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (($NF > ($1 ~ /c$/)) % ("a"+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[$1] = "10" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((NR < (3 && 0))   y) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", x, (($1 + (length($0) == substr($0,2,3))) != int(7/2)), (2.5 - ((($1==$2)   $2) < "3x")); printf "%s|%d|%.2f\n", $1, ($1==$2), (((y < $2) || ($NF > substr($0,2,3))) || 3); n = split($1, parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", substr($0,2,3), ($NF % (a["k"]+7)), a["k"]; if (("10" != 3)) print "T"; else print "F"; x = index($0,"b") } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ if (("10" + "a")) print "T"; else print "F"; print "a"; y += (((a["k"] < "" $1) ~ /./)   ($NF   (0   "10"))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = $NF } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((x > ("3x" > length($0))) + y); if (index($0,"b")) print "T"; else print "F"; if (("abc" == $NF)) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (((1e3 != 3) - -2) + ($1 ~ /./)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(($1==$2), parts, /b/); print n, parts[1]; print (("3x"   (a[1] != "10")) != (((1<2) + 3) % ("abc"+7))); y += (("abc" ~ /[0-9]+/) ~ /^b/) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = 2.5; n = split($1, parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (toupper($1) + ((a["k"] + "3x") % ((($1==$2) - $NF)+7))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((-2 ~ /./) ~ /a/) > (toupper($1) != (-2 > $1))); printf "%s|%d|%.2f\n", (a["k"]   ($1 == ("a" < 1e3))), index($0,"b"), (((int(7/2)   2.5) || a[1]) / ((($2 * int(7/2)) != NF)+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (1<2) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ if (y) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += $NF; if (((a["k"] == "abc") + ((a[1] / ("abc"+7)) > "10"))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = x } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += "10" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = ((($NF == (1<2)) || length($0)) - ("abc" ~ /^b/)); x = a[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if (($1==$2)) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print NF; if (((y - index($0,"b")) || "a")) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", ((("" $1 - int(7/2)) + (2.5 ~ /c$/)) % (0+7)), 3, $2; if ("" $1) print "T"; else print "F"; printf "%s|%d|%.2f\n", (1<2), (((x - 3) && (int(7/2) < 3)) != ((3 - int(7/2)) < (0 ~ /[0-9]+/))), toupper($1) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = 0; print x } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((("a" != NF) == (y < 3)) % ((index($0,"b") != $1)+7)); x = ("abc" || (($2 - 1e3) && ("a" ~ /[0-9]+/))); printf "%s|%d|%.2f\n", "" $1, (("3x" && ((1<2) ~ /./)) + ("abc" != "10")), ((((1<2) < (1<2)) - (3 < NF)) ~ /c$/) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((($1 % (NR+7)) / ((1<2)+7)) + (toupper($1) % ("10"+7))); print (((1e3   NR) / (0+7)) && ((int(7/2) < $1) / ("3x"+7))); print ((($1 ~ /^b/) > (x < "10")) ~ /^b/) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a["k"] = ((substr($0,2,3) / (($2 && length($0))+7)) < (NF - (x + 3))); printf "%s|%d|%.2f\n", (((NR < substr($0,2,3)) - "abc") && x), "" $1, ((toupper($1) && (y ~ /^b/)) != (substr($0,2,3) ~ /./)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = (((1e3 ~ /[0-9]+/) > (substr($0,2,3) + -2)) || x) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print 1e3; print $1 } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print "" $1; if ((($1 % (x+7)) || (("a" || length($0)) || toupper($1)))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = (3 != (((1<2) + $2) % ((NF ~ /a/)+7))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((("10" * 1e3) + ("abc" ~ /./)) == (length($0) % ((1<2)+7))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ x = ($1 || ((NF && "10") || (length($0) || "10"))); a[$1] = ("abc" % (((index($0,"b") + 2.5) / ((0 != substr($0,2,3))+7))+7)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((($1   -2) > (1<2)) && ((0 == $NF) && ("10"   1e3))); x = 0 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((1e3 || "10") / (((toupper($1) < $1) - $2)+7)); n = split((($1==$2) % ((($2 || int(7/2)) || 2.5)+7)), parts, /b/); print n, parts[1]; n = split((($1 > int(7/2)) - ((3 < 0) && "10")), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", (("abc" != $1) + length($0)), (substr($0,2,3) % (((substr($0,2,3) + index($0,"b")) && (y ~ /c$/))+7)), (index($0,"b") < ("" $1 || (toupper($1) && "a"))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ y += "10"; print (((-2 / (NR+7)) - $1) != (("3x" && ($1==$2)) && (1e3 && y))); x = "a" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if (1e3) print "T"; else print "F"; if ((int(7/2) > ((x > 1e3) % ($NF+7)))) print "T"; else print "F"; print 2.5 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = ($NF * (($2 || length($0)) || a["k"])); printf "%s|%d|%.2f\n", ((($1 > NR) < (2.5 ~ /./)) ~ /[0-9]+/), (((int(7/2) && 3) - "10") * "abc"), (((-2 + 1e3) * (length($0) != a["k"])) + ((1e3 + substr($0,2,3)) < (NR ~ /./))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print $1; x = NR; a[$1] = NR } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split(("" $1 / (((a["k"] / ("3x"+7)) > 1e3)+7)), parts, /b/); print n, parts[1]; y += int(7/2); print (NF ~ /[0-9]+/) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[$1] = (1e3 < "a") } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ y += ((0 > $2) < (length($0) * (int(7/2)   "abc"))); a[$1] = -2 } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", "10", NR, (("10" > 2.5) - NF); print int(7/2); n = split(((1e3 - (substr($0,2,3) + a[1])) ~ /c$/), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split((((a[1] ~ /a/) - (a["k"] == (1<2))) + 0), parts, /b/); print n, parts[1]; x = (((($1==$2) && NR) && ("" $1 == length($0))) == ($2   (a["k"] > 0))); print -2 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = "10" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if (($1==$2)) print "T"; else print "F"; printf "%s|%d|%.2f\n", ((("10"   3) == (x || ($1==$2))) || 1e3), ((("a" != 1e3) != ("a" && substr($0,2,3))) * $NF), (((-2 != 0) * (x * 3)) + ((length($0) ~ /^b/) * 0)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ printf "%s|%d|%.2f\n", (((3 < y) - (2.5 / (3+7))) + ((int(7/2) == length($0)) - ($2 != $NF))), (((substr($0,2,3) ~ /./) / (2.5+7)) + ((0 / ("" $1+7)) < ((1<2) + y))), $1; print $1; x = (a[1] + ((a["k"] / (index($0,"b")+7)) == ("3x" ~ /[0-9]+/))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ if (("3x" / (index($0,"b")+7))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((("10" || a[1])   (int(7/2) + substr($0,2,3))) - -2); print ((NR > (length($0) || 2.5)) && "a") } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((($2 != a["k"]) % ((1e3 - NR)+7)) % ((length($0) != "3x")+7)) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (((a["k"] != a[1]) == 2.5) < int(7/2)); y += (substr($0,2,3) == ($2 && (NR != 3))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print "3x" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ printf "%s|%d|%.2f\n", ($2 < ("a" || (-2   ($1==$2)))), ("abc" ~ /./), (($NF   ((1<2) + "abc")) < a[1]); print (((y * int(7/2)) != int(7/2)) == ("abc" > 3)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (1<2); print (((length($0) > 1e3) || a["k"]) % ("10"+7)); printf "%s|%d|%.2f\n", ((("3x" ~ /./) == (0 > $2)) > ("a" * (a[1] - $NF))), ((("abc"   $1) - a["k"]) * ((NR ~ /^b/) % ((($1==$2) && NR)+7))), (((int(7/2) > "3x")   (($1==$2) < length($0))) + "3x") } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((x == a[1]) ~ /^b/) ~ /^b/); printf "%s|%d|%.2f\n", y, (((substr($0,2,3) ~ /^b/) > (x < length($0))) != (length($0) && (1<2))), (((length($0) == "" $1) ~ /a/) && (($1==$2) < ($1==$2))) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ printf "%s|%d|%.2f\n", (((toupper($1) || -2) - "3x") - ($1 % (("" $1 != "abc")+7))), NR, (($2 - (length($0) * 2.5)) != (("3x" && a["k"]) + ("10" != "a"))); printf "%s|%d|%.2f\n", ("a" * "10"), (((toupper($1) % ($NF+7)) == (1e3   (1<2))) || (a[1] != "a")), (0 ~ /c$/) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print $1; if (1e3) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ a[1] = -2 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[1] = (($NF || (a[1] != NR)) / (y+7)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print $NF; n = split((((x > 2.5) && (NR || index($0,"b"))) && ((substr($0,2,3)   3) % (("" $1   "3x")+7))), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[$1] = (("10" < (index($0,"b") < $1)) == length($0)); y += ((($NF != ($1==$2)) * "abc") - x); print NR } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split((((toupper($1)   int(7/2)) % (y+7)) || ("abc"   x)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (("3x" + y) % ((("" $1 || y) > ($1==$2))+7)); print "a"; n = split(((NF - (y == "abc")) - ("3x" != "abc")), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print ((($1 / (a[1]+7)) / ((NF + $NF)+7)) % ((a[1] * $2)+7)); n = split(length($0), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((0 * (index($0,"b") || ($1==$2)))   toupper($1)) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += (1e3 || (("abc" || "" $1) != $2)); n = split((substr($0,2,3) && ((a["k"] < $NF) != y)), parts, /b/); print n, parts[1]; y += length($0) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ if (((((1<2) % (($1==$2)+7)) ~ /c$/) && 0)) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ a[1] = 2.5; print NR; x = ($1==$2) } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print (1<2); n = split(((0   int(7/2)) < ("3x" < 3)), parts, /b/); print n, parts[1]; print a[1] } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ n = split("" $1, parts, /b/); print n, parts[1]; a[$1] = ((0 || (NR % (length($0)+7))) > ((a["k"] == y)   (0 ~ /[0-9]+/))); y += (((-2 > a["k"]) % (index($0,"b")+7)) < ((1e3   index($0,"b")) ~ /./)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ("" $1 - substr($0,2,3)); print ((($NF < "a") > ((1<2) != "abc")) || x); print (((NR == 2.5) && (NF / (length($0)+7))) < "a") } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print 1e3; n = split((1<2), parts, /b/); print n, parts[1]; a[1] = (0   (y && ("" $1 + "a"))) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (1e3 ~ /a/); n = split(((("" $1 > 0)   toupper($1)) > ((length($0) ~ /^b/) + 2.5)), parts, /b/); print n, parts[1]; print (("abc" < (NR - NF)) < ((NR || "10") == (0 * y))) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ x = ((((1<2) ~ /^b/) == ($1 - 0)) * $1); x = 0; y += (($1 % (1e3+7)) || a["k"]) } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print ((length($0) != toupper($1)) % ((("" $1 + toupper($1)) > ($NF < "3x"))+7)) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print (((a[1] && -2) < (index($0,"b") || -2)) / (3+7)); n = split((((3 && 0) > (toupper($1) > index($0,"b"))) / (((toupper($1) != "10") - a["k"])+7)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ n = split(((("" $1 != int(7/2)) < (length($0) > a["k"])) == (((1<2) && a["k"])   a["k"])), parts, /b/); print n, parts[1]; y += ((((1<2)   "abc") ~ /^b/) == ((3 > a[1]) * (substr($0,2,3) - -2))); n = split(((2.5 ~ /a/) / (((NF / ("" $1+7)) - (NF / (1e3+7)))+7)), parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = 3 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ x = ("3x" - NF); if ($NF) print "T"; else print "F"; n = split(a[1], parts, /b/); print n, parts[1] } END { print x, y, NR }'"#,
        r#"printf 'b\t c\n' | awk '{ print "a" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ n = split(((0 * ($2 - 3)) > ("3x" - $NF)), parts, /b/); print n, parts[1]; a[$1] = y } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (index($0,"b") > ((1e3 || "abc") > x)); print (($2 % (1e3+7)) % (((substr($0,2,3) ~ /[0-9]+/) < "10")+7)); if (y) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print length($0) } END { print x, y, NR }'"#,
        r#"printf 'a b c\n10 9 8\nabc 3x 1e3\n' | awk '{ print ((substr($0,2,3) - "abc") && 3); print x; print -2 } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ print (($2 ~ /c$/) && ((substr($0,2,3) == 0) || $1)); if ((((2.5 == "" $1) + (3 != a[1])) + (substr($0,2,3)   (toupper($1) + $2)))) print "T"; else print "F" } END { print x, y, NR }'"#,
        r#"printf '1 2\n\nx y z w\n' | awk '{ y += "a" } END { print x, y, NR }'"#,
    ];
    let mut lab = Lab::new(LabConfig::default());
    for line in lines {
        let real = Command::new("bash")
            .arg("-c")
            .arg(line)
            .env("LANG", "C.UTF-8")
            .output()
            .expect("bash runs");
        let ours = lab.run(line);
        assert_eq!(
            ours.stdout(),
            String::from_utf8_lossy(&real.stdout),
            "{line}"
        );
        assert_eq!(
            ours.stderr(),
            String::from_utf8_lossy(&real.stderr),
            "{line}"
        );
        assert_eq!(ours.status, real.status.code().unwrap_or(-1), "{line}");
    }
}
