package dev.tollgate.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 by hand, for what the JDK client will not send: a chosen Host, control characters, hop-by-hop headers. */
final class RawHttp {

    private RawHttp() {}

    /** Sends a POST with exactly these header lines (plus Content-Length and Connection: close); returns the status line. */
    static String post(String path, String body, String... headerLines) throws Exception {
        URI base = URI.create(TollgateStack.get().baseUrl());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
        boolean host = false;
        for (String line : headerLines) {
            head.append(line).append("\r\n");
            host |= line.regionMatches(true, 0, "Host:", 0, 5);
        }
        if (!host) {
            head.append("Host: localhost\r\n");
        }
        head.append("Connection: close\r\nContent-Length: ")
                .append(bytes.length)
                .append("\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
    }
}
