package dev.parapet.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckRunner;
import dev.parapet.check.Finding;
import dev.parapet.model.Inventory;
import dev.parapet.source.Limits;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every check on its fixtures: in {@code fail-*.yaml} the set of lines reported must equal the
 * lines marked {@code # expect: ID}; in {@code pass-*.yaml} the check must report nothing. A
 * fixture may set the context in a comment: {@code # context: pssLevel=baseline pssVersion=v1.20
 * allowedRegistries=a.io,b.io}.
 */
class CheckFixturesTest {
  static final Path ROOT = Path.of("src", "test", "resources", "fixtures");
  private static final Pattern EXPECT = Pattern.compile("#\\s*expect:\\s*([A-Z0-9., -]+)\\s*$");
  private static final Pattern CONTEXT = Pattern.compile("#\\s*context:\\s*(.*)$");

  @TestFactory
  Stream<DynamicTest> everyFixture() throws IOException {
    return fixtureFiles().stream()
        .map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> verify(f)));
  }

  static List<Path> fixtureFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      // fixtures/graph holds the attack graph's scenarios (GraphFixturesTest), not checks
      Path graph = ROOT.resolve("graph");
      return walk.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(graph))
          .sorted()
          .toList();
    }
  }

  private static void verify(Path file) throws IOException {
    String id = file.getParent().getFileName().toString();
    Check check = BuiltinChecks.find(id).orElseThrow(() -> new AssertionError("no check " + id));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Set<Integer> expected = new TreeSet<>();
    Map<String, String> context = new java.util.HashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = EXPECT.matcher(lines[i]);
      if (m.find()) {
        List<String> ids = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
        if (ids.contains(id)) {
          expected.add(i + 1);
        }
      }
      Matcher c = CONTEXT.matcher(lines[i]);
      if (c.find()) {
        for (String kv : c.group(1).trim().split("\\s+")) {
          String[] parts = kv.split("=", 2);
          context.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
    }
    ParsedFile parsed =
        new YamlReader(Limits.DEFAULT).read(file.toString(), text.getBytes(StandardCharsets.UTF_8));
    assertThat(parsed.problems()).as("fixture must parse cleanly").isEmpty();
    Inventory inventory = Inventory.build(List.of(parsed));
    assertThat(inventory.problems()).as("fixture objects must be complete").isEmpty();
    CheckContext ctx =
        new CheckContext(
            inventory,
            context.getOrDefault("pssVersion", "latest"),
            context.getOrDefault("pssLevel", "restricted"),
            context.containsKey("allowedRegistries")
                ? List.of(context.get("allowedRegistries").split(","))
                : List.of());
    CheckRunner.Outcome outcome = CheckRunner.run(List.of(check), ctx);
    assertThat(outcome.errors()).isEmpty();
    Set<Integer> actual =
        outcome.findings().stream()
            .map(f -> f.location().line())
            .collect(Collectors.toCollection(TreeSet::new));
    String detail =
        outcome.findings().stream()
            .map(f -> f.location().line() + ": " + f.message())
            .collect(Collectors.joining("\n"));
    if (file.getFileName().toString().startsWith("pass-")) {
      assertThat(outcome.findings())
          .as("pass fixture must produce no %s finding:\n%s", id, detail)
          .isEmpty();
      assertThat(expected).as("pass fixture must not carry expect markers for " + id).isEmpty();
    } else {
      assertThat(expected)
          .as("fail fixture needs at least one '# expect: %s' marker", id)
          .isNotEmpty();
      assertThat(actual).as("lines reported by %s:\n%s", id, detail).isEqualTo(expected);
      for (Finding f : outcome.findings()) {
        assertThat(f.location().pointer()).as("pointer of " + f.message()).startsWith("/");
      }
    }
  }

  @Test
  void everyCheckHasPassAndFailFixtures() throws IOException {
    List<String> missing = new ArrayList<>();
    List<Path> files = fixtureFiles();
    for (Check c : BuiltinChecks.ALL) {
      String id = c.meta().id();
      boolean pass = files.stream().anyMatch(f -> isIn(f, id) && name(f).startsWith("pass-"));
      boolean fail = files.stream().anyMatch(f -> isIn(f, id) && name(f).startsWith("fail-"));
      if (!pass || !fail) {
        missing.add(id + (pass ? "" : " (no pass fixture)") + (fail ? "" : " (no fail fixture)"));
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyFixtureFolderIsARealCheckAndEveryFileIsPassOrFail() throws IOException {
    for (Path f : fixtureFiles()) {
      String id = f.getParent().getFileName().toString();
      assertThat(BuiltinChecks.find(id)).as(f.toString()).isPresent();
      assertThat(name(f)).as(f.toString()).matches("(pass|fail)-.*\\.yaml");
    }
  }

  private static boolean isIn(Path f, String id) {
    return f.getParent().getFileName().toString().equals(id);
  }

  private static String name(Path f) {
    return f.getFileName().toString();
  }
}
