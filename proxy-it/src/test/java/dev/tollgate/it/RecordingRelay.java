package dev.tollgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A TCP relay between a client and Tollgate that keeps every byte the client sent, so a test can
 * compare what a real client put on the wire with what reached the upstream. Plain HTTP/1.1 only.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket server;
    /** What the client sent, one buffer per connection (requests on one connection are in order). */
    private final List<ByteArrayOutputStream> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

    RecordingRelay(String targetHost, int targetPort) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket client = server.accept();
                            Socket target = new Socket(targetHost, targetPort);
                            ByteArrayOutputStream sent = new ByteArrayOutputStream();
                            connections.add(sent);
                            pump(client.getInputStream(), target.getOutputStream(), sent);
                            pump(target.getInputStream(), client.getOutputStream(), null);
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "recording-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** @param record where to keep a copy of what passes, or null */
    private static void pump(InputStream from, OutputStream to, ByteArrayOutputStream record) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (from;
                    to) {
                for (int read; (read = from.read(buffer)) >= 0; ) {
                    if (record != null) {
                        synchronized (record) {
                            record.write(buffer, 0, read);
                        }
                    }
                    to.write(buffer, 0, read);
                    to.flush();
                }
            } catch (IOException closed) {
                // one side hung up: the other follows when its stream is closed
            }
        });
        pump.setDaemon(true);
        pump.start();
    }

    /** The bodies of the client's requests to {@code pathPrefix}, in the order sent (Content-Length or chunked). */
    List<byte[]> bodiesSentTo(String pathPrefix) {
        List<byte[]> bodies = new ArrayList<>();
        for (ByteArrayOutputStream connection : connections) {
            byte[] wire;
            synchronized (connection) {
                wire = connection.toByteArray();
            }
            bodies.addAll(bodies(wire, pathPrefix));
        }
        return bodies;
    }

    private static List<byte[]> bodies(byte[] wire, String pathPrefix) {
        List<byte[]> bodies = new ArrayList<>();
        int at = 0;
        while (at < wire.length) {
            int headersEnd = indexOf(wire, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (headersEnd < 0) {
                break;
            }
            String head = new String(wire, at, headersEnd - at, StandardCharsets.ISO_8859_1);
            String requestLine = head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
            int bodyStart = headersEnd + 4;
            long length = 0;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length =
                            Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int next;
            if (chunked) {
                int position = bodyStart;
                while (true) {
                    int lineEnd = indexOf(wire, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
                    int size = Integer.parseInt(
                            new String(wire, position, lineEnd - position, StandardCharsets.US_ASCII)
                                    .split(";")[0].trim(),
                            16);
                    position = lineEnd + 2;
                    if (size == 0) {
                        next = indexOf(wire, "\r\n".getBytes(StandardCharsets.US_ASCII), position) + 2;
                        break;
                    }
                    body.write(wire, position, size);
                    position += size + 2;
                }
            } else {
                body.write(wire, bodyStart, (int) length);
                next = bodyStart + (int) length;
            }
            if (requestLine.split(" ").length > 1 && requestLine.split(" ")[1].startsWith(pathPrefix)) {
                bodies.add(body.toByteArray());
            }
            at = next;
        }
        return bodies;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
