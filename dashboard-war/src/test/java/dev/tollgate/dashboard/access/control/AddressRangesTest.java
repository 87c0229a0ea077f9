package dev.tollgate.dashboard.access.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class AddressRangesTest {

    @Test
    void addressesInsideTheRangesMatchAndOthersDoNot() {
        AddressRanges ranges = AddressRanges.parse("127.0.0.1/32, ::1/128, 10.20.0.0/16, 192.168.1.128/25");

        assertThat(ranges.contains("127.0.0.1")).isTrue();
        assertThat(ranges.contains("127.0.0.2")).isFalse();
        assertThat(ranges.contains("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ranges.contains("10.20.255.1")).isTrue();
        assertThat(ranges.contains("10.21.0.1")).isFalse();
        assertThat(ranges.contains("192.168.1.200")).isTrue();
        assertThat(ranges.contains("192.168.1.100")).isFalse();
        // an IPv4 address never matches an IPv6 range, nor a garbage value anything
        assertThat(AddressRanges.parse("::/0").contains("10.0.0.1")).isFalse();
        assertThat(ranges.contains("localhost")).isFalse();
        assertThat(ranges.contains("")).isFalse();
    }

    @Test
    void aSingleAddressIsItsOwnRangeAndEverythingElseIsRefused() {
        assertThat(AddressRanges.parse("10.0.0.5").contains("10.0.0.5")).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.parse("proxy.internal/32"));
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.parse("10.0.0.0/33"));
        assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.parse("10.0.0.0/x"));
    }
}
