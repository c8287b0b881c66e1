package io.activationhub.ads;

import io.activationhub.hygiene.CleanPhone;
import io.activationhub.hygiene.ContactRecord;
import io.activationhub.hygiene.PhoneNormalizer;
import io.activationhub.hygiene.TextFolding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Normalises a customer's identifiers the way each ad platform asks, then hashes them (SHA-256, lowercase hex):
 * <ul>
 *     <li>Meta: EMAIL trimmed and lowercased; PHONE digits only with the country code, no {@code +}, no leading zeros
 *     ({@code +33 6 12 34 56 78} gives {@code 33612345678}); FN and LN lowercased without punctuation or spaces
 *     (letters kept, accents included, UTF-8); ZIP lowercased without spaces; CT letters a-z only (accents folded);
 *     COUNTRY ISO 3166-1 alpha-2 lowercased.</li>
 *     <li>Google: email trimmed and lowercased, dots of the local part removed for gmail.com and googlemail.com;
 *     phone in E.164 <b>with</b> the {@code +} ({@code +33612345678}); given and family names lowercased, trimmed,
 *     whitespace collapsed; region code (upper case) and postal code sent unhashed, as the API asks; the address is
 *     sent only when all four parts are known.</li>
 * </ul>
 * Phones are read with libphonenumber, as cleaning reads them: a national number (leading 0) in the customer's
 * country, an invalid number or a placeholder not at all. A member with neither email nor phone is not pushed. Pure
 * and thread-safe.
 */
public final class AdIdentifiers {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private AdIdentifiers() {
    }

    /** A customer's contact data as the hub holds it. */
    public record Contact(long customerId, String email, String phone, String firstName, String lastName,
                          String postcode, String city, String country) {
        /** Never the values. */
        @Override
        public String toString() {
            return "Contact[customer " + customerId + "]";
        }
    }

    /** The member as the platform receives it, or null when it has neither email nor phone. */
    public static AdMember member(AdPlatform platform, Contact c) {
        String country = country(c.country());
        return switch (platform) {
            case META -> {
                String email = email(c.email());
                String phone = metaPhone(c.phone(), country);
                if (email == null && phone == null) {
                    yield null;
                }
                yield new AdMember(c.customerId(), new String[]{sha256(email), sha256(phone), sha256(metaName(c.firstName())),
                        sha256(metaName(c.lastName())), sha256(metaZip(c.postcode())), sha256(metaCity(c.city())),
                        sha256(country == null ? null : country.toLowerCase(Locale.ROOT))});
            }
            case GOOGLE -> {
                String email = googleEmail(c.email());
                String phone = e164(c.phone(), country);
                if (email == null && phone == null) {
                    yield null;
                }
                String given = googleName(c.firstName());
                String family = googleName(c.lastName());
                String postal = blankToNull(c.postcode());
                boolean address = given != null && family != null && country != null && postal != null;
                yield new AdMember(c.customerId(), new String[]{sha256(email), sha256(phone),
                        address ? sha256(given) : null, address ? sha256(family) : null,
                        address ? country : null, address ? postal.trim() : null});
            }
        };
    }

    /** Trimmed and lowercased, or null when it is not an address. */
    public static String email(String email) {
        String e = blankToNull(email);
        if (e == null) {
            return null;
        }
        e = e.toLowerCase(Locale.ROOT);
        int at = e.indexOf('@');
        return at <= 0 || at == e.length() - 1 || e.indexOf('@', at + 1) >= 0 ? null : e;
    }

    /** Google's form: as {@link #email(String)}, and no dots before the @ of gmail.com and googlemail.com. */
    public static String googleEmail(String email) {
        String e = email(email);
        if (e == null) {
            return null;
        }
        int at = e.indexOf('@');
        String domain = e.substring(at + 1);
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            return e.substring(0, at).replace(".", "") + e.substring(at);
        }
        return e;
    }

    /** Phones are read as cleaning reads them: libphonenumber, placeholders refused. */
    private static final PhoneNormalizer PHONES = new PhoneNormalizer("FR");

    /**
     * E.164 with the {@code +}, or null when the number is not a valid one: read by libphonenumber as cleaning reads
     * it, so an invalid number or a placeholder ({@code 06 06 06 06 06}) is never hashed and pushed. A national number
     * (leading 0) is read in the customer's country, and not read at all when the country is unknown.
     */
    public static String e164(String phone, String countryCode) {
        String p = blankToNull(phone);
        if (p == null) {
            return null;
        }
        String s = p.strip();
        boolean international = s.startsWith("+") || s.startsWith("00") || s.startsWith("(+");
        if (!international && countryCode == null) {
            return null;
        }
        CleanPhone clean = international ? PHONES.normalize(ContactRecord.PHONE, s)
                : PHONES.normalize(ContactRecord.PHONE, s, countryCode);
        return clean.isValid() ? clean.e164() : null;
    }

    /** Meta's form: E.164 digits without the {@code +}. */
    public static String metaPhone(String phone, String countryCode) {
        String e = e164(phone, countryCode);
        return e == null ? null : e.substring(1);
    }

    /** Meta FN and LN: lowercase letters only (accents kept), no punctuation or spaces. */
    public static String metaName(String name) {
        String n = blankToNull(name);
        if (n == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(n.length());
        n.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetter).forEach(out::appendCodePoint);
        return out.isEmpty() ? null : out.toString();
    }

    /** Meta CT: a-z only. */
    public static String metaCity(String city) {
        String key = TextFolding.letterKey(blankToNull(city) == null ? "" : city);
        String out = key == null ? "" : key.replace(" ", "").toLowerCase(Locale.ROOT);
        return out.isEmpty() ? null : out;
    }

    /** Meta ZIP: lowercase without spaces. */
    public static String metaZip(String postcode) {
        String z = blankToNull(postcode);
        if (z == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(z.length());
        for (int i = 0; i < z.length(); i++) {
            char ch = z.charAt(i);
            if (!Character.isWhitespace(ch) && ch != '\u00a0') {
                out.append(Character.toLowerCase(ch));
            }
        }
        return out.toString();
    }

    /** Google given and family names: lowercased, trimmed, inner whitespace collapsed. */
    public static String googleName(String name) {
        String n = blankToNull(name);
        return n == null ? null : TextFolding.collapseWhitespace(n).toLowerCase(Locale.ROOT);
    }

    /** ISO 3166-1 alpha-2 in capitals, or null when the value is not a two-letter code. */
    public static String country(String country) {
        String c = blankToNull(country);
        if (c == null) {
            return null;
        }
        c = c.trim().toUpperCase(Locale.ROOT);
        if (c.equals("FRANCE")) {
            return "FR";
        }
        return c.length() == 2 && Character.isLetter(c.charAt(0)) && Character.isLetter(c.charAt(1)) ? c : null;
    }

    /** SHA-256 of the UTF-8 bytes in lowercase hex; null for null. */
    public static String sha256(String value) {
        if (value == null) {
            return null;
        }
        return HexFormat.of().formatHex(SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
