using System.Globalization;
using System.Numerics.Tensors;

namespace Course.Tensors;

/// <summary>
/// A dense row-major float32 matrix: the one tensor type of the course.
/// A batch of examples is a matrix with one example per row; a single vector is a 1 x n matrix.
/// Every operation checks shapes and names both of them when they disagree.
/// </summary>
public sealed class Matrix
{
    public int Rows { get; }
    public int Cols { get; }

    /// <summary>The elements, row after row: element (r, c) is Data[r * Cols + c].</summary>
    public float[] Data { get; }

    public int Length => Data.Length;

    /// <summary>The shape as the error messages print it, e.g. "(64x784)".</summary>
    public string Shape => FormatShape(Rows, Cols);

    public Matrix(int rows, int cols)
    {
        CheckDimensions(rows, cols);
        Rows = rows;
        Cols = cols;
        Data = new float[rows * cols];
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a rows x cols matrix.</summary>
    public Matrix(int rows, int cols, float[] data)
    {
        CheckDimensions(rows, cols);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != rows * cols)
            throw new ArgumentException(
                $"A {FormatShape(rows, cols)} matrix needs {rows * cols} values, but {data.Length} came.", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public static Matrix Zeros(int rows, int cols) => new(rows, cols);

    public static Matrix Filled(int rows, int cols, float value)
    {
        var m = new Matrix(rows, cols);
        m.Fill(value);
        return m;
    }

    /// <summary>A matrix from nested rows, e.g. <c>Matrix.FromRows([[1, 2], [3, 4]])</c>.</summary>
    public static Matrix FromRows(params float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Length == 0) throw new ArgumentException("FromRows needs at least one row, but none came.", nameof(rows));
        int cols = rows[0].Length;
        var m = new Matrix(rows.Length, cols);
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r].Length != cols)
                throw new ArgumentException(
                    $"Every row must have {cols} values (the length of row 0), but row {r} has {rows[r].Length}.", nameof(rows));
            rows[r].CopyTo(m.Data, r * cols);
        }
        return m;
    }

    /// <summary>A 1 x n row vector holding a copy of <paramref name="values"/>.</summary>
    public static Matrix RowVector(ReadOnlySpan<float> values)
    {
        var m = new Matrix(1, values.Length);
        values.CopyTo(m.Data);
        return m;
    }

    public float this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    public Span<float> AsSpan() => Data;

    public Span<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(row), $"Row {row} is outside a {Shape} matrix.");
        return Data.AsSpan(row * Cols, Cols);
    }

    public Matrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    public void CopyTo(Matrix destination)
    {
        RequireSameShape(this, destination, "CopyTo");
        Data.CopyTo(destination.Data, 0);
    }

    public void Fill(float value) => Array.Fill(Data, value);

    public void Clear() => Array.Clear(Data);

    public Matrix Transpose()
    {
        var t = new Matrix(Cols, Rows);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                t.Data[c * Rows + r] = Data[r * Cols + c];
        return t;
    }

    /// <summary>The product this x other, in a new matrix.</summary>
    public Matrix MatMul(Matrix other)
    {
        if (Cols != other.Rows)
            throw new ArgumentException(
                $"MatMul needs left.Cols == right.Rows, but left is {Shape} and right is {other.Shape}.");
        var result = new Matrix(Rows, other.Cols);
        Gemm.Multiply(this, other, result);
        return result;
    }

    public float Sum() => TensorPrimitives.Sum<float>(Data);

    public float Mean() => Sum() / Length;

    /// <summary>Population standard deviation of all elements (divides by n), computed in double.</summary>
    public float Std() => (float)Moments(Data).Std;

    /// <summary>Mean and population standard deviation of <paramref name="values"/>, summed in double.</summary>
    public static (double Mean, double Std) Moments(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        double mean = sum / values.Length, squares = 0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(squares / values.Length));
    }

    /// <summary>The largest absolute value (0 for an all-zero matrix).</summary>
    public float MaxAbs() => MathF.Abs(TensorPrimitives.MaxMagnitude<float>(Data));

    /// <summary>True when every element is a finite number (no NaN, no infinity).</summary>
    public bool IsFinite()
    {
        foreach (var v in Data)
            if (!float.IsFinite(v)) return false;
        return true;
    }

    /// <summary>Throws, naming <paramref name="what"/> and the first bad position, if any element is NaN or infinite.</summary>
    public void RequireFinite(string what)
    {
        for (int i = 0; i < Data.Length; i++)
            if (!float.IsFinite(Data[i]))
                throw new ArgumentException(
                    $"{what} must be finite, but element ({i / Cols}, {i % Cols}) of the {Shape} matrix is {Data[i].ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Throws unless <paramref name="a"/> and <paramref name="b"/> have the same shape.</summary>
    public static void RequireSameShape(Matrix a, Matrix b, string operation)
    {
        if (a.Rows != b.Rows || a.Cols != b.Cols)
            throw new ArgumentException($"{operation} needs equal shapes, but one is {a.Shape} and the other is {b.Shape}.");
    }

    /// <summary>Throws unless this matrix is rows x cols.</summary>
    public void RequireShape(int rows, int cols, string what)
    {
        if (Rows != rows || Cols != cols)
            throw new ArgumentException($"{what} must be {FormatShape(rows, cols)}, but it is {Shape}.");
    }

    /// <summary>
    /// <paramref name="buffer"/> when it is already rows x cols, else a new matrix of that shape: how layers and
    /// losses reuse their outputs from one batch to the next without allocating.
    /// </summary>
    public static Matrix Reuse(Matrix? buffer, int rows, int cols) =>
        buffer is not null && buffer.Rows == rows && buffer.Cols == cols ? buffer : new Matrix(rows, cols);

    public override string ToString()
    {
        const int show = 6;
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Matrix {Shape}");
        for (int r = 0; r < Math.Min(Rows, show); r++)
        {
            sb.Append("\n  [");
            for (int c = 0; c < Math.Min(Cols, show); c++)
                sb.Append(c == 0 ? "" : ", ").Append(this[r, c].ToString("G4", CultureInfo.InvariantCulture));
            sb.Append(Cols > show ? ", ...]" : "]");
        }
        if (Rows > show) sb.Append("\n  ...");
        return sb.ToString();
    }

    internal static string FormatShape(int rows, int cols) => $"({rows}x{cols})";

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols)
            throw new ArgumentOutOfRangeException(null, $"Index ({row}, {col}) is outside a {Shape} matrix.");
        return row * Cols + col;
    }

    private static void CheckDimensions(int rows, int cols)
    {
        if (rows <= 0 || cols <= 0)
            throw new ArgumentException($"A matrix needs positive dimensions, but {FormatShape(rows, cols)} came.");
    }
}
