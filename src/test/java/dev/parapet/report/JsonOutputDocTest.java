package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parapet.check.ScanResult;
import dev.parapet.model.Inventory;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/json-output.md} true: its example is the renderer's output for {@code
 * golden/example/web.yaml}, and every key the renderer writes is documented there.
 */
class JsonOutputDocTest {
  static final Path DOC = Path.of("docs", "json-output.md");
  private static final String SECTION = "\n## parapet scan\n";
  private static final String FENCE = "```json\n";

  /** The example scan, read as {@code deploy/web.yaml} so that the docs show a plausible path. */
  static ScanResult example() {
    byte[] bytes =
        ReportFixtures.read(ReportFixtures.GOLDEN.resolve("example/web.yaml"))
            .getBytes(StandardCharsets.UTF_8);
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read("deploy/web.yaml", bytes);
    Inventory inventory = Inventory.build(List.of(parsed));
    Scanner.Loaded loaded = new Scanner.Loaded(inventory, 1, inventory.problems());
    return Scanner.check(loaded, Scanner.Options.defaults(), List.of("deploy/"), "0.1.0");
  }

  @Test
  void exampleIsTheRenderersOutput() throws IOException {
    String json = ReportFixtures.render(new JsonRenderer(), example());
    Golden.check("example.json", json);
    String doc = ReportFixtures.read(DOC);
    int section = doc.indexOf(SECTION);
    assertThat(section).as("%s has a '## parapet scan' section", DOC).isNotNegative();
    int start = doc.indexOf(FENCE, section);
    assertThat(start).as("the section has a json example").isNotNegative();
    start += FENCE.length();
    int end = doc.indexOf("```", start);
    if (Golden.UPDATE) {
      Files.writeString(
          DOC, doc.substring(0, start) + json + doc.substring(end), StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc.substring(start, end))
        .as("example in %s is stale; run with -Dparapet.golden.update=true", DOC)
        .isEqualTo(json);
  }

  @Test
  void everyKeyIsDocumented() throws IOException {
    JsonNode full =
        new ObjectMapper()
            .readTree(ReportFixtures.render(new JsonRenderer(), ReportFixtures.full()));
    Set<String> keys = new TreeSet<>();
    collectKeys(full, keys, false);
    String doc = ReportFixtures.read(DOC);
    List<String> undocumented = keys.stream().filter(k -> !doc.contains("`" + k + "`")).toList();
    assertThat(undocumented).as("keys missing from %s", DOC).isEmpty();
  }

  /** Keys of the schema, not of patch values (those are the user's own fields). */
  private static void collectKeys(JsonNode node, Set<String> keys, boolean inValue) {
    if (node.isObject()) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!inValue) {
          keys.add(name);
        }
        collectKeys(node.get(name), keys, inValue || name.equals("value"));
      }
    } else if (node.isArray()) {
      node.forEach(n -> collectKeys(n, keys, inValue));
    }
  }
}
