package dev.parapet.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every technique has scenario fixtures in {@code src/test/resources/fixtures/graph/LABEL/}: a
 * {@code produces-*.yaml} whose {@code # edge: FROM -> TO} lines name edges of that technique the
 * graph must have, and a {@code near-miss-*.yaml}, one change away, whose graph has no edge of that
 * technique at all. {@link #ALWAYS} lists the techniques every graph has.
 */
class GraphFixturesTest {
  private static final Path ROOT = Path.of("src/test/resources/fixtures/graph");

  /** Present in every graph: whoever authenticates is in system:authenticated. */
  static final List<String> ALWAYS = List.of("VALID_ACCOUNT");

  static AttackGraph graph(Path file) {
    Scanner.Loaded loaded =
        Scanner.load(
            List.of(file.toString()), new ByteArrayInputStream(new byte[0]), Limits.DEFAULT);
    assertThat(loaded.problems()).as("problems reading %s", file).isEmpty();
    return AttackGraphs.of(loaded.inventory());
  }

  @Test
  void everyTechniqueHasAProducingAndANearMissFixture() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Technique t : Techniques.shipped().all()) {
      Path dir = ROOT.resolve(t.label());
      if (!hasFile(dir, "produces-")) {
        missing.add(t.label() + " (no produces- fixture)");
      }
      if (!ALWAYS.contains(t.label()) && !hasFile(dir, "near-miss-")) {
        missing.add(t.label() + " (no near-miss- fixture)");
      }
    }
    assertThat(missing).isEmpty();
  }

  private static boolean hasFile(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixture() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(ROOT)) {
      for (Path dir : dirs.sorted().toList()) {
        String label = dir.getFileName().toString();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.sorted().toList()) {
            tests.add(
                DynamicTest.dynamicTest(label + "/" + f.getFileName(), () -> verify(label, f)));
          }
        }
      }
    }
    return tests.stream();
  }

  private static void verify(String label, Path file) throws IOException {
    assertThat(Techniques.shipped().get(label)).as("%s is catalogued", label).isPresent();
    AttackGraph g = graph(file);
    List<String> edges =
        g.edges().stream()
            .filter(e -> e.technique().equals(label))
            .map(e -> e.from() + " -> " + e.to())
            .toList();
    String name = file.getFileName().toString();
    if (name.startsWith("near-miss-")) {
      List<String> absent =
          Files.readAllLines(file).stream()
              .filter(l -> l.startsWith("# no-edge: "))
              .map(l -> l.substring("# no-edge: ".length()).strip())
              .toList();
      if (absent.isEmpty()) {
        assertThat(edges).as("near miss %s must not produce %s", file, label).isEmpty();
      } else {
        // a technique some other vertex always has (a node acting as its kubelet): only the
        // named edges must be gone
        assertThat(edges)
            .as("near miss %s must not produce these %s", file, label)
            .doesNotContainAnyElementsOf(absent);
      }
      return;
    }
    List<String> expected =
        Files.readAllLines(file).stream()
            .filter(l -> l.startsWith("# edge: "))
            .map(l -> l.substring("# edge: ".length()).strip())
            .toList();
    assertThat(expected).as("%s names its edges with '# edge: FROM -> TO'", file).isNotEmpty();
    assertThat(edges).as("%s edges of %s", label, file).containsAll(expected);
  }
}
