//! The parser and printers on their own: a rule written with `-S` reads
//! back to the same rule, and refusals carry iptables' words.

use alloc::string::String;
use alloc::vec::Vec;

use super::parse::{Cmd, parse};
use super::show::save_rule;
use crate::sys::netfilter::NfFamily;

fn args(line: &str) -> Vec<String> {
    line.split(' ').map(String::from).collect()
}

fn no_names(_: &str) -> Option<core::net::IpAddr> {
    None
}

#[test]
fn saved_rules_read_back_the_same() {
    for spec in [
        "-s 10.0.0.0/8 ! -d 127.0.0.1/32 -p tcp -m tcp --sport 1000:2000 -j ACCEPT",
        "-p udp -m multiport --dports 53,67:68 -j DROP",
        "-p icmp -m icmp --icmp-type 3/3 -j ACCEPT",
        "-p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP",
        "-m conntrack ! --ctstate NEW -j DROP",
        "-m addrtype --dst-type LOCAL -j RETURN",
        "-d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 3000 -j DNAT --to-destination 172.17.0.2:80",
        "-o eth0 -j MASQUERADE --to-ports 5000-6000",
        "-j LOG --log-prefix nfrec --log-level 6",
    ] {
        let p = parse(
            &args(&alloc::format!("-A X {spec}")),
            NfFamily::Ipv4,
            &no_names,
        )
        .unwrap_or_else(|e| panic!("{spec}: {}", e.text));
        assert_eq!(p.cmd, Cmd::Append(String::from("X")));
        assert_eq!(save_rule(&p.rule, NfFamily::Ipv4).trim_start(), spec);
    }
}

#[test]
fn refusals_carry_iptables_words() {
    let refuse = |line: &str| {
        parse(&args(line), NfFamily::Ipv4, &no_names)
            .err()
            .map(|e| (e.text, e.status))
    };
    assert_eq!(
        refuse("-A INPUT --dport 80 -j ACCEPT"),
        Some((String::from("unknown option \"--dport\""), 2))
    );
    assert_eq!(
        refuse("-A INPUT -p tcp --dport 2000:1000"),
        Some((String::from("invalid portrange (min > max)"), 2))
    );
    assert_eq!(
        refuse("-I INPUT 0 -j ACCEPT"),
        Some((String::from("Invalid rule number `0'"), 2))
    );
    assert_eq!(
        refuse("-n"),
        Some((String::from("no command specified"), 2))
    );
    assert_eq!(
        refuse("-A"),
        Some((String::from("option \"-A\" requires an argument"), 2))
    );
}
