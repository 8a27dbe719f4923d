package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLoaderTest {
  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir Path dir;

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static List<String> names(SourceLoader.LoadResult r) {
    return r.files().stream().map(ParsedFile::file).toList();
  }

  @Test
  void walksDirectoriesRecursivelyForManifestsAndSkipsHiddenDirectories() throws IOException {
    write("b.yaml", "kind: B\n");
    write("a/z.yml", "kind: Z\n");
    write("a/deep/er/c.json", "{\"kind\": \"C\"}\n");
    write("a/README.md", "# not a manifest\n");
    write("a/values.txt", "kind: no\n");
    write(".git/config.yaml", "kind: hidden\n");
    write("a/.cache/x.yaml", "kind: hidden\n");
    write("UPPER.YAML", "kind: Upper\n");

    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(dir.toString()), NO_STDIN);

    assertThat(r.allProblems()).isEmpty();
    assertThat(names(r))
        .containsExactly(
            dir.resolve("UPPER.YAML").toString(),
            dir.resolve("a/deep/er/c.json").toString(),
            dir.resolve("a/z.yml").toString(),
            dir.resolve("b.yaml").toString());
  }

  @Test
  void readsAFileNamedExplicitlyWhateverItsExtension() throws IOException {
    Path p = write("manifest.txt", "kind: Pod\n");

    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(p.toString()), NO_STDIN);

    assertThat(names(r)).containsExactly(p.toString());
    assertThat(r.files().get(0).documents()).hasSize(1);
  }

  @Test
  void readsStandardInputForDash() {
    InputStream stdin =
        new ByteArrayInputStream("kind: A\n---\nkind: B\n".getBytes(StandardCharsets.UTF_8));

    SourceLoader.LoadResult r = new SourceLoader(Limits.DEFAULT).load(List.of("-"), stdin);

    assertThat(names(r)).containsExactly("<stdin>");
    ParsedFile f = r.files().get(0);
    assertThat(f.documents()).hasSize(2);
    assertThat(f.documents().get(1).file()).isEqualTo("<stdin>");
    assertThat(f.documents().get(1).root().line()).isEqualTo(3);
  }

  @Test
  void reportsMissingPathAndReadsTheRest() throws IOException {
    Path ok = write("ok.yaml", "kind: Ok\n");
    String missing = dir.resolve("nope.yaml").toString();

    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(missing, ok.toString()), NO_STDIN);

    assertThat(r.problems())
        .extracting(Problem::toString)
        .containsExactly(missing + ": no such file or directory");
    assertThat(r.problems().get(0).level()).isEqualTo(Problem.Level.ERROR);
    assertThat(names(r)).containsExactly(ok.toString());
  }

  @Test
  void reportsBrokenFileAndStillReadsOtherFiles() throws IOException {
    Path bad = write("a-bad.yaml", "kind: Pod\nmetadata:\n  name: [web\n");
    Path binary = dir.resolve("b-bin.yaml");
    Files.write(binary, new byte[] {'k', 0, 1, 2});
    Path good = write("c-good.yaml", "kind: Pod\nmetadata:\n  name: web\n");

    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(dir.toString()), NO_STDIN);

    assertThat(names(r)).containsExactly(bad.toString(), binary.toString(), good.toString());
    assertThat(r.allProblems())
        .extracting(Problem::toString)
        .containsExactly(
            bad
                + ":4:1: cannot parse YAML: while parsing a flow sequence: expected ',' or ']',"
                + " but got <stream end>",
            binary + ": warning: binary file skipped");
    assertThat(r.files().get(2).documents()).hasSize(1);
  }

  @Test
  void keepsDocumentIndexesOfTheFileWhenADocumentFails() throws IOException {
    Path p = write("three.yaml", "kind: A\n---\nkind: [\n---\nkind: C\n");

    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT).load(List.of(p.toString()), NO_STDIN);

    ParsedFile f = r.files().get(0);
    assertThat(f.documents()).extracting(Document::index).containsExactly(0, 2);
    assertThat(f.problems()).hasSize(1);
  }

  @Test
  void checksFileSizeBeforeReading() throws IOException {
    Path p = write("big.yaml", "kind: Big\n" + "# padding\n".repeat(20));

    SourceLoader.LoadResult r =
        new SourceLoader(new Limits(100, 100, 200, 1000)).load(List.of(p.toString()), NO_STDIN);

    assertThat(r.allProblems())
        .extracting(Problem::toString)
        .containsExactly(
            p + ": file of 210 bytes exceeds the limit of 100 bytes (--max-file-size); skipped");
    assertThat(r.files().stream().mapToInt(f -> f.documents().size()).sum()).isZero();
  }

  @Test
  void expandsPathsInStableOrder() throws IOException {
    write("d/2.yaml", "a: 1\n");
    write("d/10.yaml", "a: 1\n");
    List<Problem> problems = new ArrayList<>();

    List<Path> files = SourceLoader.expand(List.of(dir.resolve("d").toString(), "-"), problems);

    assertThat(problems).isEmpty();
    assertThat(files).containsExactly(dir.resolve("d/10.yaml"), dir.resolve("d/2.yaml"));
  }
}
