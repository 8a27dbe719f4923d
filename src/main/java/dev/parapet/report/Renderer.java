package dev.parapet.report;

import dev.parapet.check.ScanResult;
import java.io.IOException;

/** Renders a scan result in one format. Renderers show; they never decide. */
public interface Renderer {
  void render(ScanResult result, Appendable out) throws IOException;
}
