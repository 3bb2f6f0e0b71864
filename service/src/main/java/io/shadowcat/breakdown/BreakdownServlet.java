package io.shadowcat.breakdown;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.profiler.live.BreakdownDocument;
import io.shadowcat.profiler.live.BreakdownPage;
import io.shadowcat.profiler.live.LiveBreakdown;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /breakdown} (JSON, {@link BreakdownDocument}) and {@code GET /breakdown.html} (the same
 * figures as a self-contained page, {@link BreakdownPage}) on the admin port. Thread-safe.
 */
public final class BreakdownServlet extends HttpServlet {
    /** The page's path; the JSON is served on every other mapped path. */
    public static final String PAGE = "/breakdown.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient LiveBreakdown breakdown;

    public BreakdownServlet(LiveBreakdown breakdown) {
        this.breakdown = breakdown;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode document = BreakdownDocument.of(breakdown.windows(), breakdown.recorded(), breakdown.late());
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (PAGE.equals(request.getServletPath())) {
            response.setContentType("text/html;charset=utf-8");
            response.getWriter().write(BreakdownPage.render(document));
        } else {
            response.setContentType("application/json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(response.getWriter(), document);
        }
    }
}
