package io.activationhub.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.activationhub.consent.ConsentStatus;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Cleans a raw loyalty member into one format per field. */
@Component
public class MemberCleaner {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9._%+'-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public CleanMember clean(RawMember m) {
        String first = m.firstName();
        String last = m.lastName();
        if (first == null && last == null && m.contact() != null) {
            String contact = m.contact().replaceFirst("^\\s*\\p{L}+\\s*:\\s*", "").trim();
            int comma = contact.indexOf(',');
            if (comma > 0) {
                last = contact.substring(0, comma);
                first = contact.substring(comma + 1);
            } else {
                int space = contact.lastIndexOf(' ');
                first = space > 0 ? contact.substring(0, space) : null;
                last = space > 0 ? contact.substring(space + 1) : contact;
            }
        }
        String mobile = null;
        String phone = null;
        for (String number : new String[]{m.mobile(), m.phone()}) {
            Phonenumber.PhoneNumber parsed = parsePhone(number);
            if (parsed == null) {
                continue;
            }
            String e164 = phones.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
            if (phones.getNumberType(parsed) == PhoneNumberUtil.PhoneNumberType.MOBILE) {
                mobile = mobile == null ? e164 : mobile;
            } else {
                phone = phone == null ? e164 : phone;
            }
        }
        return new CleanMember(m.cardNumber(), m.storeId(), dateTime(m.enrolledAt()), civility(m.civility()),
                properCase(first), properCase(last), date(m.birthDate()), email(m.email()), mobile, phone,
                upper(m.addressLine2()), upper(m.addressLine3()), upper(m.addressLine1()), upper(m.addressLine4()),
                m.postcode() == null ? null : m.postcode().replace(" ", ""), upper(m.city()),
                m.country() == null ? "FR" : m.country().trim().toUpperCase(Locale.ROOT),
                ConsentStatus.fromFlag(m.optinEmail()), ConsentStatus.fromFlag(m.optinSms()),
                ConsentStatus.fromFlag(m.optinPostal()));
    }

    private Phonenumber.PhoneNumber parsePhone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber n = phones.parse(raw.replace("(0)", ""), "FR");
            return phones.isValidNumber(n) ? n : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    static String email(String raw) {
        if (raw == null) {
            return null;
        }
        String e = raw.trim().toLowerCase(Locale.ROOT);
        return EMAIL.matcher(e).matches() ? e : null;
    }

    static String civility(String raw) {
        if (raw == null) {
            return null;
        }
        String c = raw.trim().toUpperCase(Locale.ROOT).replace(".", "");
        return switch (c) {
            case "M", "MR", "MONSIEUR" -> "M";
            case "MME", "MADAME", "MRS", "MS", "MLLE", "MADEMOISELLE" -> "MME";
            default -> null;
        };
    }

    static String properCase(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (char ch : raw.trim().toLowerCase(Locale.FRENCH).toCharArray()) {
            sb.append(start ? Character.toUpperCase(ch) : ch);
            start = ch == ' ' || ch == '-' || ch == '\'';
        }
        return sb.toString();
    }

    private static String upper(String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim().toUpperCase(Locale.FRENCH);
    }

    static LocalDate date(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return raw.contains("/") ? LocalDate.parse(raw.trim(), FRENCH_DATE) : LocalDate.parse(raw.trim().substring(0, 10));
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    static OffsetDateTime dateTime(String raw) {
        LocalDate d = date(raw);
        if (d != null && raw.trim().length() <= 10) {
            return d.atStartOfDay(PARIS).toOffsetDateTime();
        }
        try {
            return raw == null ? null : LocalDateTime.parse(raw.trim()).atZone(PARIS).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            return d == null ? null : d.atStartOfDay(PARIS).toOffsetDateTime();
        }
    }
}
