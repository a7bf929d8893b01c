package dev.mfp.daemon.conformance;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw HTTP/1.1 exchange over a socket, so the status line (reason phrase included) can be checked. */
record Raw(String statusLine, Map<String, String> headers, String body) {
    int status() {
        return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }

    /** The reason phrase: everything after the status code. */
    String reason() {
        String[] p = statusLine.split(" ", 3);
        return p.length < 3 ? "" : p[2];
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static Raw exchange(int port, String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
            }
            return new Raw(lines[0], headers, text.substring(end + 4));
        }
    }

    /** Headers received and, when a Content-Length is given, the whole body (a 101 or a kept-alive answer has no EOF). */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)")
                .matcher(text.substring(0, end));
        if (m.find()) {
            return text.length() - end - 4 >= Integer.parseInt(m.group(1));
        }
        return text.startsWith("HTTP/1.1 101") || text.startsWith("HTTP/1.1 204");
    }

    static Raw get(int port, String path) throws Exception {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    static Raw postForm(int port, String path, String form) throws Exception {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return exchange(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n" + form);
    }
}
