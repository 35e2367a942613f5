package dev.finops.ingest.report;

import io.smallrye.mutiny.Multi;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Finance exports of the rollups as CSV (RFC 4180, header row) or JSON lines, streamed. */
@ApplicationScoped
public class ExportService {

    private static final int NUMERIC_FROM = 8;

    private final ExportRepository repository;

    public ExportService(ExportRepository repository) {
        this.repository = repository;
    }

    public Multi<String> csv(ReportQuery q, boolean daily) {
        String header = String.join(",", ExportRepository.COLUMNS) + "\r\n";
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(header),
                repository.rows(q, daily).map(ExportService::csvLine));
    }

    public Multi<String> jsonLines(ReportQuery q, boolean daily) {
        return repository.rows(q, daily).map(ExportService::jsonLine);
    }

    private static String csvLine(Row row) {
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < ExportRepository.COLUMNS.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(i == 0 ? period(row) : i < NUMERIC_FROM ? quote(row.getString(i)) : row.getValue(i).toString());
        }
        return sb.append("\r\n").toString();
    }

    private static String jsonLine(Row row) {
        JsonObject o = new JsonObject().put(ExportRepository.COLUMNS[0], period(row));
        for (int i = 1; i < ExportRepository.COLUMNS.length; i++) {
            String name = ExportRepository.COLUMNS[i];
            if (i < NUMERIC_FROM) {
                String v = row.getString(i);
                o.put(name, v == null || v.isEmpty() ? null : v);
            } else if (name.endsWith("_usd")) {
                o.put(name, new java.math.BigDecimal(row.getString(i)));
            } else {
                o.put(name, row.getLong(i));
            }
        }
        return o.encode() + "\n";
    }

    private static String period(Row row) {
        OffsetDateTime t = row.getOffsetDateTime(0);
        return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
    }

    /** RFC 4180: quote a field that holds a comma, quote or line break; double the quotes inside. */
    static String quote(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        boolean needs = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
