using System.Text;
using Course.Display;
using Microsoft.Data.Analysis;

namespace Course.Diagnostics;

/// <summary>How much a finding matters: information to keep in mind, a warning to look into, or an error that breaks training.</summary>
public enum Severity { Info, Warning, Error }

/// <summary>
/// One problem the doctor found: its stable <see cref="Code"/> (see <see cref="Codes"/>), how serious it is, the problem in a
/// sentence, the numbers behind it, and what the course's notes suggest doing about it.
/// </summary>
public sealed record Finding(string Code, Severity Severity, string Problem, string Evidence)
{
    public Ailment Ailment => Codes.Of(Code);
    public IReadOnlyList<string> Mitigations => Ailment.Mitigations;

    public override string ToString() => $"{Severity} {Code}: {Problem} ({Evidence})";
}

/// <summary>
/// What the doctor found, most serious first; among findings of equal severity, causes (the data, the implementation) come
/// before the symptoms they produce (signal flow, training, generalisation). <see cref="Checks"/> holds every check it ran,
/// passed or not.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class Diagnosis : IHtmlDisplay
{
    public Diagnosis(IEnumerable<Finding> findings, IEnumerable<ICheck> checks, string summary)
    {
        Findings = [.. findings.OrderByDescending(f => f.Severity).ThenBy(f => Codes.Rank(f.Code))];
        Checks = [.. checks];
        Summary = summary;
    }

    public IReadOnlyList<Finding> Findings { get; }
    public IReadOnlyList<ICheck> Checks { get; }

    /// <summary>What was examined, in a sentence ("300 steps of Adam on 2000 examples, validated on 500").</summary>
    public string Summary { get; }

    /// <summary>The most serious finding, or null when there is none.</summary>
    public Finding? Top => Findings.Count > 0 ? Findings[0] : null;

    /// <summary>True when no finding is above <see cref="Severity.Info"/>.</summary>
    public bool Healthy => Findings.All(f => f.Severity == Severity.Info);

    public bool Has(string code) => Findings.Any(f => f.Code == Codes.Of(code).Code);

    /// <summary>One row per finding: severity, code, problem, evidence.</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("severity", Findings.Select(f => f.Severity.ToString())),
        new StringDataFrameColumn("code", Findings.Select(f => f.Code)),
        new StringDataFrameColumn("problem", Findings.Select(f => f.Problem)),
        new StringDataFrameColumn("evidence", Findings.Select(f => f.Evidence)));

    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"course-diagnosis\" style=\"font-family:sans-serif\">");
        html.Append($"<div style=\"color:#666\">{Html.Escape(Summary)}</div>");
        if (Healthy)
            html.Append("<div style=\"color:#1a7f37;font-weight:bold\">✓ healthy: no finding above info</div>");
        foreach (var f in Findings)
        {
            string color = f.Severity switch { Severity.Error => "#cf222e", Severity.Warning => "#bc4c00", _ => "#57606a" };
            html.Append($"<div style=\"margin-top:0.5em\"><b style=\"color:{color}\">{f.Severity}</b> <code>{Html.Escape(f.Code)}</code>: ")
                .Append($"{Html.Escape(f.Problem)}<div style=\"font-family:monospace;margin-left:1.5em\">{Html.Escape(f.Evidence)}</div>")
                .Append("<ul style=\"margin:0.2em 0 0 0\">");
            foreach (var m in f.Mitigations) html.Append($"<li>{Html.Escape(m)}</li>");
            html.Append("</ul></div>");
        }
        return html.Append("</div>").ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder(Summary);
        if (Healthy) text.Append(": healthy, no finding above info");
        foreach (var f in Findings) text.Append('\n').Append(f);
        return text.ToString();
    }
}
