package dev.parapet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.check.Baseline;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Reads and writes baseline files: {@code {"version": 1, "fingerprints": [...]}}. */
final class BaselineFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BaselineFile() {}

  static Baseline read(Path file) {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      JsonNode fps = root == null ? null : root.get("fingerprints");
      if (fps == null || !fps.isArray()) {
        throw new Main.UsageException(
            file + ": not a parapet baseline (no \"fingerprints\" array)");
      }
      Set<String> out = new HashSet<>();
      fps.forEach(n -> out.add(n.asText()));
      return new Baseline(out);
    } catch (IOException e) {
      throw new Main.UsageException("cannot read baseline " + file + ": " + e.getMessage());
    }
  }

  static void write(Path file, Baseline baseline) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("tool", "parapet");
    ArrayNode fps = root.putArray("fingerprints");
    baseline.fingerprints().forEach(fps::add);
    try {
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
      ScanCommand.write(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Main.UsageException("cannot write baseline " + file + ": " + e.getMessage());
    }
  }
}
