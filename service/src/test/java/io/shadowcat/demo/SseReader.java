package io.shadowcat.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.Response;

/** Reads a server-sent event stream one event at a time, noting when each one arrived. */
final class SseReader implements AutoCloseable {
    /** One event (or a bare comment), with the {@link System#nanoTime()} its last line arrived. */
    record Event(String id, String event, String data, List<String> comments, long arrivedNanos) {
    }

    private final Response response;
    private final BufferedReader reader;

    SseReader(Response response, InputStream body) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    Response response() {
        return response;
    }

    /** The next event, blocking until it is complete; null when the stream ended cleanly. */
    Event next() throws IOException {
        String id = null;
        String event = null;
        String data = null;
        List<String> comments = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                return new Event(id, event, data, comments, System.nanoTime());
            }
            if (line.startsWith(":")) {
                comments.add(line.substring(1).trim());
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            } else {
                throw new IOException("Not an SSE line: " + line);
            }
        }
        if (id != null || event != null || data != null || !comments.isEmpty()) {
            throw new IOException("The stream ended inside an event");
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
