package dev.whokilled.parsers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JsonTest {

  @Test
  void readsValuesAndPaths() {
    Object root = Json.parse("{\"State\": {\"OOMKilled\": true, \"ExitCode\": 137, \"Error\": \"\","
        + " \"FinishedAt\": \"2024-01-02T03:04:05.123456789Z\"}, \"Name\": \"/web\\u0021\", \"n\": null,"
        + " \"f\": -1.5e3, \"a\": [1, {\"b\": \"c\\n\"}]}").orElseThrow();
    assertEquals(Boolean.TRUE, Json.bool(root, "State", "OOMKilled"));
    assertEquals(137L, Json.integer(root, "State", "ExitCode"));
    assertEquals("/web!", Json.string(root, "Name"));
    assertEquals(Json.NULL, Json.at(root, "n"));
    assertEquals(-1500.0, Json.at(root, "f"));
    assertEquals(-1500L, Json.integer(root, "f"));
    assertEquals("c\n", Json.string(Json.array(root, "a").get(1), "b"));
    assertNull(Json.string(root, "State", "Missing"));
    assertEquals(Map.of(), Json.object(root, "Name"));
  }

  @Test
  void refusesWhatIsNotOneDocument() {
    for (String bad : new String[] {"", "{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "01", "{\"a\":1} x", "\"\\x\"",
        "tru", "{a:1}", "\"\u0001\"", "[" .repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1), "-", "1."}) {
      assertTrue(Json.parse(bad).isEmpty(), bad);
    }
    String deep = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    assertTrue(Json.parse(deep).isPresent());
  }

  @Test
  void documents_splitArraysItemsAndOneLineObjects() {
    JsonDocuments d = new JsonDocuments(1 << 20);
    List<String> out = new ArrayList<>();
    String[] lines = {
      "not json", "[", "    {", "        \"Id\": \"a\",", "        \"State\": {\"OOMKilled\": true}", "    },",
      "    {\"Id\": \"b\"}", "]",
      "{\"status\":\"oom\",\"id\":\"c\"}{\"status\":\"die\",\"id\":\"d\"} trailing",
      "{", "  \"apiVersion\": \"v1\",", "  \"items\": [", "    {\"metadata\": {\"name\": \"p1\"}},",
      "    {\"metadata\": {\"name\": \"p2\", \"items\": [1]}}", "  ],", "  \"kind\": \"List\"", "}",
      "[notice] apache", "[12.345] dmesg"};
    List<Boolean> taken = new ArrayList<>();
    for (String line : lines) {
      taken.add(d.offer(line));
      out.addAll(d.drain());
    }
    assertEquals(List.of(false, true, true, true, true, true, true, true, true, true, true, true, true, true,
        true, true, true, false, false), taken);
    assertEquals(List.of("a", "b", "c", "d"),
        out.subList(0, 4).stream().map(s -> Json.string(Json.parse(s).orElseThrow(), "Id") != null
            ? Json.string(Json.parse(s).orElseThrow(), "Id") : Json.string(Json.parse(s).orElseThrow(), "id"))
            .toList());
    assertEquals("p1", Json.string(Json.parse(out.get(4)).orElseThrow(), "metadata", "name"));
    assertEquals("p2", Json.string(Json.parse(out.get(5)).orElseThrow(), "metadata", "name"));
    assertEquals(6, out.size());
    assertFalse(d.inDocument());
  }

  @Test
  void documents_dropWhatIsTooLargeAndGoOn() {
    JsonDocuments d = new JsonDocuments(40);
    assertTrue(d.offer("[{\"Id\": \"" + "x".repeat(100) + "\"}, {\"Id\": \"small\"}]"));
    List<String> out = d.drain();
    assertEquals(1, out.size());
    assertEquals(1, d.takeDropped());
    assertTrue(d.offer("{\"open\": ["));
    assertTrue(d.inDocument());
    assertTrue(d.reset());
    assertFalse(d.offer("plain"));
  }
}
