package dev.parapet.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLoaderLinksTest {
  @Test
  void followsLinkedFilesAndDirectoriesAndReportsLoops(@TempDir Path dir) throws Exception {
    // the layout of a ConfigMap mounted as a directory: ..data -> ..2024_x/, file -> ..data/file
    Path real = Files.createDirectories(dir.resolve("..2024_06_01"));
    Files.writeString(
        real.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n");
    Path mount = Files.createDirectories(dir.resolve("mount"));
    Files.createSymbolicLink(mount.resolve("..data"), real);
    Files.createSymbolicLink(mount.resolve("pod.yaml"), mount.resolve("..data/pod.yaml"));
    Files.createSymbolicLink(mount.resolve("loop"), mount);
    SourceLoader.LoadResult r =
        new SourceLoader(Limits.DEFAULT)
            .load(List.of(mount.toString()), new ByteArrayInputStream(new byte[0]));
    assertThat(r.files())
        .extracting(ParsedFile::file)
        .containsExactly(mount.resolve("pod.yaml").toString());
    assertThat(r.allProblems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("link loop; not followed"));
  }
}
