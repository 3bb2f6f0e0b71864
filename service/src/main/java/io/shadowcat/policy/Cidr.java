package io.shadowcat.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code ::1/128} (a bare address is a block of one).
 * IPv4 addresses never match IPv6 blocks and the other way round. Immutable and thread-safe.
 */
final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code block} */
    static Cidr parse(String block) {
        int slash = block.indexOf('/');
        String address = slash < 0 ? block : block.substring(0, slash);
        byte[] bytes = bytes(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + block + "' is not an IP address or CIDR block");
        }
        int length = bytes.length * 8;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(block.substring(slash + 1));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 0 || length > bytes.length * 8) {
                throw new IllegalArgumentException("'" + block + "' has a prefix length outside 0.." + bytes.length * 8);
            }
        }
        return new Cidr(bytes, length);
    }

    /** Whether the address of {@code bytes} (4 or 16 of them, as {@link #bytes} gives) lies in this block. */
    boolean contains(byte[] bytes) {
        if (bytes == null || bytes.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff00 >> rest & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    /** The bytes of an IP literal such as a client address, never a DNS lookup; {@code null} when it is none. */
    static byte[] bytes(String address) {
        if (address == null) {
            return null;
        }
        String text = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || Character.digit(text.charAt(0), 10) >= 0)) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%')) {
                return null;
            }
        }
        if (text.indexOf(':') < 0 && !dottedQuad(text)) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean dottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
