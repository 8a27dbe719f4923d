package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderersTest {
  @Test
  void everyFormatHasItsRenderer() {
    assertThat(Renderers.of(Format.TABLE, false)).isInstanceOf(TableRenderer.class);
    assertThat(Renderers.of(Format.JSON, true)).isInstanceOf(JsonRenderer.class);
    assertThat(Renderers.of(Format.SARIF, true)).isInstanceOf(SarifRenderer.class);
    assertThat(Renderers.of(Format.JUNIT, true)).isInstanceOf(JunitRenderer.class);
    assertThat(Renderers.of(Format.HTML, true)).isInstanceOf(HtmlRenderer.class);
    assertThat(Format.parse("html")).isEqualTo(Format.HTML);
  }

  @Test
  void colourReachesTheTableOnly() {
    String coloured =
        ReportFixtures.render(Renderers.of(Format.TABLE, true), ReportFixtures.full());
    String plain = ReportFixtures.render(Renderers.of(Format.TABLE, false), ReportFixtures.full());
    assertThat(coloured).contains("\u001b[");
    assertThat(plain).doesNotContain("\u001b[");
    for (Format f : new Format[] {Format.JSON, Format.SARIF, Format.JUNIT, Format.HTML}) {
      assertThat(ReportFixtures.render(Renderers.of(f, true), ReportFixtures.full()))
          .isEqualTo(ReportFixtures.render(Renderers.of(f, false), ReportFixtures.full()));
    }
  }
}
