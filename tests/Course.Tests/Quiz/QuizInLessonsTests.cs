namespace Course.Tests.Quiz;

using System.Text.Json;
using System.Text.RegularExpressions;
using Course.Quiz;

/// <summary>The quiz as the lessons ask it: each question in every lesson it belongs to and all fifteen in lesson 10, every answer cell empty.</summary>
public partial class QuizInLessonsTests
{
    [GeneratedRegex("""\bAnswer\(\s*(\d+)\s*,\s*"([^"]*)"\s*\)""")]
    private static partial Regex AnswerCall();

    private static readonly Lazy<Dictionary<string, List<(int Number, string Answer)>>> s_asked = new(() =>
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "notebooks", "00-start-here.ipynb")))
            folder = folder.Parent;
        Assert.True(folder is not null, $"No notebooks/ folder above {AppContext.BaseDirectory}.");
        return Directory.EnumerateFiles(Path.Combine(folder!.FullName, "notebooks"), "*.ipynb").ToDictionary(
            path => Path.GetFileNameWithoutExtension(path),
            path => JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cells").EnumerateArray()
                .Where(cell => cell.GetProperty("cell_type").GetString() == "code")
                .SelectMany(cell => AnswerCall().Matches(string.Concat(cell.GetProperty("source").EnumerateArray().Select(line => line.GetString()))))
                .Select(m => (int.Parse(m.Groups[1].Value), m.Groups[2].Value)).ToList());
    });

    [Fact]
    public void Every_answer_cell_of_every_lesson_starts_empty()
    {
        foreach (var (lesson, asked) in s_asked.Value)
            Assert.All(asked, a => Assert.True(a.Answer == "", $"{lesson} answers question {a.Number} with \"{a.Answer}\""));
    }

    [Fact]
    public void Each_question_is_asked_in_every_lesson_it_belongs_to_that_exists()
    {
        foreach (var question in Course.Quiz.Quiz.Questions)
            foreach (var lesson in question.Lessons.Where(s_asked.Value.ContainsKey))
                Assert.True(s_asked.Value[lesson].Any(a => a.Number == question.Number), $"{lesson} does not ask question {question.Number}");
    }

    [Fact]
    public void Lesson_10_asks_all_fifteen_questions_once_each_in_order()
    {
        Assert.True(s_asked.Value.TryGetValue("10-quiz", out var asked), "notebooks/10-quiz.ipynb is missing");
        Assert.Equal(Enumerable.Range(1, 15), asked!.Select(a => a.Number));
    }
}
