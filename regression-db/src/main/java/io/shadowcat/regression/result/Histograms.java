package io.shadowcat.regression.result;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Decodes the Base64, compressed HdrHistogram a metric may carry. Stateless. */
public final class Histograms {
    private Histograms() {
    }

    public static Histogram decode(String base64) throws DataFormatException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            return Histogram.decodeFromCompressedByteBuffer(buffer, 0);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            DataFormatException failure = new DataFormatException("not a compressed HdrHistogram");
            failure.initCause(e);
            throw failure;
        }
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static boolean isDecodable(String base64) {
        try {
            decode(base64);
            return true;
        } catch (DataFormatException e) {
            return false;
        }
    }
}
