package io.weir.rest;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON body with typed, checked fields: a field of the wrong type, an unknown field or
 * a body that is not a JSON object is a {@link BadRequest} naming the field. An empty body is an
 * empty object.
 */
final class RequestBody {
  private final JsonObject json;

  private RequestBody(JsonObject json) {
    this.json = json;
  }

  /** Parses the body, refusing fields not in {@code fields}. */
  static RequestBody of(RoutingContext ctx, Set<String> fields) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new RequestBody(new JsonObject());
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new BadRequest("the request body is not a JSON object: " + firstLine(e.getMessage()));
    }
    for (String name : json.fieldNames()) {
      if (!fields.contains(name)) {
        throw new BadRequest("unknown field '" + name + "' (known: " + String.join(", ", new TreeSet<>(fields)) + ")");
      }
    }
    return new RequestBody(json);
  }

  /** The field as a string, or null when absent or null. */
  String string(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(field, "a string", v);
    }
    return s;
  }

  /** The field as a non-blank string; absent is an error. */
  String requireString(String field, String example) {
    String s = string(field);
    if (s == null || s.isBlank()) {
      throw new BadRequest("field '" + field + "' is missing: send " + example);
    }
    return s;
  }

  /** The field as an int, {@code absent} when it is missing or null. */
  int integer(String field, int absent) {
    Object v = json.getValue(field);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      throw wrongType(field, "a whole number", v);
    }
    if (n.doubleValue() > Integer.MAX_VALUE || n.doubleValue() < Integer.MIN_VALUE) {
      throw new BadRequest("field '" + field + "' is out of range: " + v);
    }
    return n.intValue();
  }

  /** The field as a list of strings (empty when absent). */
  List<String> strings(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw wrongType(field, "an array of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s)) {
        throw new BadRequest("field '" + field + "' must be an array of strings; item " + i + " is "
            + describe(array.getValue(i)));
      }
      out.add(s);
    }
    return out;
  }

  /** The field as a JSON object, or null when absent. */
  JsonObject object(String field) {
    Object v = json.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw wrongType(field, "a JSON object", v);
    }
    return o;
  }

  private static BadRequest wrongType(String field, String expected, Object value) {
    return new BadRequest("field '" + field + "' must be " + expected + ", got " + describe(value));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String kind = v instanceof String ? "a string" : v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean"
        : v instanceof JsonArray ? "an array" : v instanceof JsonObject ? "an object" : v.getClass().getSimpleName();
    String text = v instanceof String ? "'" + v + "'" : String.valueOf(v);
    return kind + " (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + ")";
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    String line = nl > 0 ? s.substring(0, nl) : s;
    int at = line.indexOf(" at [Source");
    return (at > 0 ? line.substring(0, at) : line).replace("Failed to decode:", "").trim();
  }
}
