package dev.whokilled.cli;

import dev.whokilled.framing.Format;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option values of the command. A bad value is a usage error: picocli prints
 * {@code Invalid value for option '--zone': …} with the message of these converters, and exits with status 2.
 */
final class Converters {

  private Converters() {}

  /** {@code --format}: a {@link Format} in any case, with {@code -} for {@code _} ({@code dmesg-raw}). */
  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      String name = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Format f : Format.values()) {
        if (f.name().equals(name)) {
          return f;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a format; one of: " + String.join(", ", new FormatNames()));
    }
  }

  /** The names {@code --format} takes, as the help lists them: {@code dmesg, dmesg-raw, …}. */
  static final class FormatNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      for (Format f : Format.values()) {
        names.add(name(f));
      }
      return names.iterator();
    }

    /**
     * The name of a format on the command line.
     *
     * @param f the format
     * @return such as {@code dmesg-raw}
     */
    static String name(Format f) {
      return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** {@code --year}: from 1970 to 9999, the range {@code Framing.withYear} takes. */
  static final class YearConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int year;
      try {
        year = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a year");
      }
      if (year < 1970 || year > 9999) {
        throw new TypeConversionException("year must be from 1970 to 9999: " + value);
      }
      return year;
    }
  }

  /** {@code --zone}: a region ({@code Europe/Berlin}), an offset ({@code +02:00}) or {@code UTC}. */
  static final class ZoneConverter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value.strip());
      } catch (DateTimeException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a time zone (such as UTC, +02:00 or Europe/Berlin)");
      }
    }
  }

  /** {@code --boot-time}: an ISO-8601 instant, with {@code Z} or an offset. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return Instant.parse(value.strip());
      } catch (DateTimeException e) {
        throw new TypeConversionException(
            "'" + value + "' is not an ISO-8601 instant (such as 2024-05-01T12:00:00Z)");
      }
    }
  }
}
