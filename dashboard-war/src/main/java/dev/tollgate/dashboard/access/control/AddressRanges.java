package dev.tollgate.dashboard.access.control;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of CIDR ranges ({@code 127.0.0.1/32,::1/128,10.0.0.0/8}) and whether an address is in one.
 * Only literal addresses are accepted: a host name in the list would make every check a DNS query.
 */
public final class AddressRanges {

    private record Range(byte[] network, int prefixBits) {}

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException naming the entry that is not a CIDR range of literal addresses */
    public static AddressRanges parse(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String cidr = entry.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            String address = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = literal(address, cidr);
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a CIDR range: " + cidr);
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range: " + cidr);
                }
            }
            ranges.add(new Range(network, bits));
        }
        return new AddressRanges(ranges);
    }

    public boolean contains(String address) {
        byte[] candidate;
        try {
            candidate = literal(address, address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Range range : ranges) {
            if (range.network().length == candidate.length && matches(range, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Range range, byte[] candidate) {
        int bits = range.prefixBits();
        for (int i = 0; i < candidate.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((candidate[i] & mask) != (range.network()[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] literal(String address, String entry) {
        String bare =
                address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        // only digits, dots, colons and hex letters: InetAddress then never looks a name up
        if (bare.isEmpty() || !bare.matches("[0-9a-fA-F:.%]+") || !(bare.contains(".") || bare.contains(":"))) {
            throw new IllegalArgumentException("not a literal IP address: " + entry);
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a literal IP address: " + entry, e);
        }
    }
}
