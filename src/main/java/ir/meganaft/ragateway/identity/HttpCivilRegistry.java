package ir.meganaft.ragateway.identity;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Properties;

/**
 * A civil-registry connector over HTTP. The registry's real protocol is not public; this is the
 * gateway's assumed contract, kept behind {@link CivilRegistry} so the real one can be mapped in:
 * {@code GET <base>/persons/<national code>} answers 404 when unknown, or 200 with
 * {@code text/plain} lines {@code givenName=}, {@code surname=}, {@code birthDate=} (ISO date,
 * optional) in java.util.Properties form (UTF-8). A registry that does not answer in time gives
 * NOT_PERFORMED, so an outage never blocks vetting: the officers see that it was not done.
 */
public final class HttpCivilRegistry implements CivilRegistry {
    private final HttpClient client;
    private final String baseUrl;
    private final Duration timeout;

    public HttpCivilRegistry(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Answer inquire(String nationalCode, String givenName, String surname, LocalDate birthDate) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(baseUrl + "/persons/" + URLEncoder.encode(nationalCode, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Accept", "text/plain")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Answer(Outcome.NOT_PERFORMED, "civil registry unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Outcome.NOT_PERFORMED, "civil-registry inquiry interrupted");
        }
        if (response.statusCode() == 404) {
            return new Answer(Outcome.NOT_FOUND, "the civil registry does not know national code " + nationalCode);
        }
        if (response.statusCode() != 200) {
            return new Answer(Outcome.NOT_PERFORMED, "civil registry answered HTTP " + response.statusCode());
        }
        Properties person = new Properties();
        try {
            person.load(new StringReader(response.body()));
        } catch (IOException | IllegalArgumentException e) {
            return new Answer(Outcome.NOT_PERFORMED, "unreadable civil-registry answer: " + e.getMessage());
        }
        String registeredName = person.getProperty("givenName", "") + " " + person.getProperty("surname", "");
        boolean sameName =
                PersianText.comparable(registeredName).equals(PersianText.comparable(givenName + " " + surname));
        String registeredBirth = person.getProperty("birthDate");
        boolean sameBirth = birthDate == null
                || registeredBirth == null
                || birthDate.toString().equals(registeredBirth.trim());
        if (sameName && sameBirth) {
            return new Answer(Outcome.MATCH, "registered as " + PersianText.normalize(registeredName));
        }
        return new Answer(
                Outcome.MISMATCH,
                "registered as " + PersianText.normalize(registeredName)
                        + (registeredBirth == null ? "" : ", born " + registeredBirth));
    }
}
