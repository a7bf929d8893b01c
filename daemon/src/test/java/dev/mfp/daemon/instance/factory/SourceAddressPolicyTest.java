package dev.mfp.daemon.instance.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The address classification of URL sources (pure logic; literals only, no DNS). */
class SourceAddressPolicyTest {
    @Test
    void nonPublicAddressesAreNamed() throws Exception {
        String[][] cases = {
            {"127.0.0.1", "loopback"}, {"127.255.0.9", "loopback"}, {"::1", "loopback"},
            {"0.0.0.0", "unspecified"}, {"0.1.2.3", "unspecified"}, {"::", "unspecified"},
            {"10.0.0.1", "private"}, {"172.31.255.1", "private"}, {"192.168.1.1", "private"},
            {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},
            {"100.64.0.1", "CGNAT"}, {"100.127.255.254", "CGNAT"}, {"fd00:ec2::254", "unique local"},
            {"fc00::1", "unique local"}, {"fec0::1", "site-local"}, {"192.0.0.8", "IETF"}, {"198.18.0.1", "benchmarking"},
            {"224.0.0.1", "multicast"}, {"ff02::1", "multicast"}, {"240.0.0.1", "reserved"},
            {"255.255.255.255", "reserved"}, {"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.0.0.1", "private"},
            {"::127.0.0.1", "loopback"}, {"64:ff9b::a9fe:a9fe", "link-local"},
        };
        for (String[] c : cases) {
            assertThat(SourceAddressPolicy.nonPublic(InetAddress.getByName(c[0]))).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void publicAddressesPass() throws Exception {
        for (String a : new String[] {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.1", "172.32.0.1",
                "169.253.1.1", "198.20.0.1", "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8"}) {
            assertThat(SourceAddressPolicy.nonPublic(InetAddress.getByName(a))).as(a).isNull();
        }
    }
}
