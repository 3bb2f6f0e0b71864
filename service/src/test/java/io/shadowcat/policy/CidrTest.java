package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void ipv4BlocksMatchAddressesInsideThem() {
        Cidr block = Cidr.parse("10.1.0.0/16");
        assertThat(block.contains(Cidr.bytes("10.1.0.1"))).isTrue();
        assertThat(block.contains(Cidr.bytes("10.1.255.255"))).isTrue();
        assertThat(block.contains(Cidr.bytes("10.2.0.1"))).isFalse();
        assertThat(Cidr.parse("192.168.1.128/25").contains(Cidr.bytes("192.168.1.200"))).isTrue();
        assertThat(Cidr.parse("192.168.1.128/25").contains(Cidr.bytes("192.168.1.127"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.bytes("8.8.8.8"))).isTrue();
    }

    @Test
    void aBareAddressIsABlockOfOne() {
        assertThat(Cidr.parse("127.0.0.1").contains(Cidr.bytes("127.0.0.1"))).isTrue();
        assertThat(Cidr.parse("127.0.0.1").contains(Cidr.bytes("127.0.0.2"))).isFalse();
    }

    @Test
    void ipv6BlocksAndFamiliesNeverMix() {
        assertThat(Cidr.parse("::1/128").contains(Cidr.bytes("::1"))).isTrue();
        assertThat(Cidr.parse("::1/128").contains(Cidr.bytes("[::1]"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").contains(Cidr.bytes("fd12:3456::1"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").contains(Cidr.bytes("fe80::1"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.bytes("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(Cidr.bytes("127.0.0.1"))).isFalse();
    }

    @Test
    void hostNamesAndGarbageNeverMatchAndNeverResolve() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.bytes("localhost"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.bytes(null))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.bytes("1.2.3"))).isFalse();
    }

    @Test
    void invalidBlocksNameTheProblem() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("'10.0.0.0/33' has a prefix length outside 0..32");
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).hasMessage("'example.com/8' is not an IP address or CIDR block");
        assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessage("'300.1.1.1' is not an IP address or CIDR block");
    }
}
