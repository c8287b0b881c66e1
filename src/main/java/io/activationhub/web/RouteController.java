package io.activationhub.web;

import io.activationhub.routes.RouteFiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** Route files and running routes: {@code GET /api/routes}. A refused file shows here with its error. */
@RestController
@RequestMapping("/api/routes")
public class RouteController {

    private final RouteFiles files;

    public RouteController(RouteFiles files) {
        this.files = files;
    }

    @GetMapping
    public Map<String, Object> routes() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("directory", files.directory().toString());
        out.put("files", files.files());
        out.put("routes", files.routes());
        return out;
    }
}
