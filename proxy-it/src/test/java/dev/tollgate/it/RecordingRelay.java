package dev.tollgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay put between a real client and Tollgate that keeps a copy of every byte the client sends.
 * It neither parses nor changes the traffic on its way (bytes are copied as they are read), so what it
 * kept is exactly what the client put on the wire: the evidence to compare with what reached the
 * upstream, which Tollgate's journal cannot give (it stores bodies as masked {@code jsonb}, not bytes).
 * {@link #requests()} parses the kept bytes afterwards as HTTP/1.1 requests.
 */
final class RecordingRelay implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    private RecordingRelay(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts a relay on a free loopback port to the host and port of {@code targetBaseUrl}. */
    static RecordingRelay start(String targetBaseUrl) throws IOException {
        URI target = URI.create(targetBaseUrl);
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        RecordingRelay relay = new RecordingRelay(server, target.getHost(), target.getPort());
        Thread acceptor = new Thread(relay::acceptLoop, "recording-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return relay;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every complete request clients sent so far, connection by connection in the order they were opened. */
    List<WireRequest> requests() {
        List<WireRequest> requests = new ArrayList<>();
        for (Connection connection : connections) {
            requests.addAll(WireRequest.parseAll(connection.sentByClient()));
        }
        return requests;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection connection : connections) {
            connection.close();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                Connection connection = new Connection(client, upstream);
                connections.add(connection);
                connection.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.out.println("[recording relay] accept failed: " + e);
                }
            }
        }
    }

    /** One client connection and its own connection to Tollgate, pumped both ways by two threads. */
    private static final class Connection {
        private final Socket client;
        private final Socket upstream;
        private final ByteArrayOutputStream sentByClient = new ByteArrayOutputStream();

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            InputStream fromClient = client.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            InputStream fromUpstream = upstream.getInputStream();
            OutputStream toClient = client.getOutputStream();
            Thread request = new Thread(() -> pump(fromClient, toUpstream, true), "recording-relay-request");
            Thread response = new Thread(() -> pump(fromUpstream, toClient, false), "recording-relay-response");
            request.setDaemon(true);
            response.setDaemon(true);
            request.start();
            response.start();
        }

        private void pump(InputStream in, OutputStream out, boolean record) {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (record) {
                        synchronized (sentByClient) {
                            sentByClient.write(buffer, 0, read); // kept before it is passed on
                        }
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side hung up: the other side is closed below
            }
            close();
        }

        byte[] sentByClient() {
            synchronized (sentByClient) {
                return sentByClient.toByteArray();
            }
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                upstream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** One HTTP/1.1 request as a client sent it: request line, headers in wire order, body bytes (de-chunked). */
    record WireRequest(String method, String target, List<String[]> headers, byte[] body) {

        /** The first value of a header (names compared case-insensitively), or null. */
        String header(String name) {
            return headers.stream()
                    .filter(header -> header[0].equalsIgnoreCase(name))
                    .map(header -> header[1])
                    .findFirst()
                    .orElse(null);
        }

        /** Every value of a header, in the order sent. */
        List<String> headerValues(String name) {
            return headers.stream()
                    .filter(header -> header[0].equalsIgnoreCase(name))
                    .map(header -> header[1])
                    .toList();
        }

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String query() {
            int query = target.indexOf('?');
            return query < 0 ? null : target.substring(query + 1);
        }

        /** The complete requests in the bytes of one connection; an incomplete last one is left out. */
        static List<WireRequest> parseAll(byte[] bytes) {
            List<WireRequest> requests = new ArrayList<>();
            int position = 0;
            while (position < bytes.length) {
                int headEnd = indexOf(bytes, position, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                if (headEnd < 0) {
                    break;
                }
                String[] lines =
                        new String(bytes, position, headEnd - position, StandardCharsets.ISO_8859_1).split("\r\n");
                String[] requestLine = lines[0].split(" ", 3);
                List<String[]> headers = new ArrayList<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.add(new String[] {
                        lines[i].substring(0, colon),
                        lines[i].substring(colon + 1).trim()
                    });
                }
                WireRequest head = new WireRequest(requestLine[0], requestLine[1], headers, new byte[0]);
                int bodyStart = headEnd + 4;
                String transferEncoding = head.header("transfer-encoding");
                if (transferEncoding != null
                        && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    int chunk = bodyStart;
                    while (true) {
                        int lineEnd = indexOf(bytes, chunk, "\r\n".getBytes(StandardCharsets.US_ASCII));
                        if (lineEnd < 0) {
                            return requests;
                        }
                        String sizeLine = new String(bytes, chunk, lineEnd - chunk, StandardCharsets.US_ASCII);
                        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                        chunk = lineEnd + 2;
                        if (size == 0) {
                            int trailerEnd = indexOf(bytes, chunk, "\r\n".getBytes(StandardCharsets.US_ASCII));
                            if (trailerEnd < 0) {
                                return requests;
                            }
                            position = trailerEnd + 2; // no trailers expected: the empty line ends the body
                            break;
                        }
                        if (chunk + size + 2 > bytes.length) {
                            return requests;
                        }
                        body.write(bytes, chunk, size);
                        chunk += size + 2;
                    }
                    requests.add(new WireRequest(head.method, head.target, headers, body.toByteArray()));
                } else {
                    String contentLength = head.header("content-length");
                    int length = contentLength == null ? 0 : Integer.parseInt(contentLength.trim());
                    if (bodyStart + length > bytes.length) {
                        break;
                    }
                    requests.add(new WireRequest(
                            head.method,
                            head.target,
                            headers,
                            Arrays.copyOfRange(bytes, bodyStart, bodyStart + length)));
                    position = bodyStart + length;
                }
            }
            return requests;
        }

        private static int indexOf(byte[] bytes, int from, byte[] needle) {
            outer:
            for (int i = from; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
