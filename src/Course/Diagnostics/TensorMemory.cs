using System.Numerics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Diagnostics;

/// <summary>Sums and sums of squares of some values, accumulated in double.</summary>
internal readonly record struct Moments(double Sum, double Squares, long Count)
{
    public double Mean => Sum / Count;

    /// <summary>torch's std (correction n - 1); NaN for fewer than two values.</summary>
    public double Std => Count < 2 ? double.NaN : Math.Sqrt(Math.Max(0, (Squares - Sum * Mean) / (Count - 1)));

    /// <summary>False when a value was NaN or infinite (a double sum of float values cannot overflow).</summary>
    public bool Finite => double.IsFinite(Sum) && double.IsFinite(Squares);
}

/// <summary>
/// Statistics computed by reading a CPU tensor's memory in place. Inside a training step each TorchSharp call costs
/// some 5-10 µs (dispatch, a new tensor, and the code and cache lines the step had evicted), more than the arithmetic:
/// one vectorised pass here replaces the three to six calls the same numbers would take, creates no tensor and needs
/// no later read. Measured on the course's 784-256-256-10 MLP, layer statistics as TorchSharp reductions added about
/// 9% to a training step, these passes about 2%. Tensors that are not contiguous float32 or float64 on the CPU are
/// copied into that form first.
/// </summary>
internal static class TensorMemory
{
    /// <summary><paramref name="t"/> itself when its memory can be read in place, else a readable copy (then <paramref name="copy"/> is set, to dispose).</summary>
    public static Tensor Readable(Tensor t, out Tensor? copy)
    {
        bool inPlace = t.device_type == DeviceType.CPU && t.is_contiguous() && t.dtype is ScalarType.Float32 or ScalarType.Float64;
        if (inPlace)
        {
            copy = null;
            return t;
        }
        using (NewDisposeScope())   // the detached and converted steps in between are freed here, not left to the GC
            copy = t.detach().to(CPU).to(t.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32).contiguous().DetachFromDisposeScope();
        return copy;
    }

    public static Moments Moments(Tensor t)
    {
        var r = Readable(t, out var copy);
        using (copy)
            return r.dtype == ScalarType.Float32 ? Moments(Floats(r)) : Moments(Doubles(r));
    }

    public static ReadOnlySpan<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);
    public static ReadOnlySpan<double> Doubles(Tensor t) => MemoryMarshal.Cast<byte, double>(t.bytes);

    public static Moments Moments(ReadOnlySpan<float> x)
    {
        Vector<double> sum = Vector<double>.Zero, squares = Vector<double>.Zero;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(x);
        foreach (var v in vectors)
        {
            Vector.Widen(v, out var low, out var high);
            sum += low + high;
            squares += low * low + high * high;
        }
        double s = Vector.Sum(sum), q = Vector.Sum(squares);
        for (int i = vectors.Length * Vector<float>.Count; i < x.Length; i++)
        {
            s += x[i];
            q += (double)x[i] * x[i];
        }
        return new Moments(s, q, x.Length);
    }

    public static Moments Moments(ReadOnlySpan<double> x)
    {
        Vector<double> sum = Vector<double>.Zero, squares = Vector<double>.Zero;
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(x);
        foreach (var v in vectors)
        {
            sum += v;
            squares += v * v;
        }
        double s = Vector.Sum(sum), q = Vector.Sum(squares);
        for (int i = vectors.Length * Vector<double>.Count; i < x.Length; i++)
        {
            s += x[i];
            q += x[i] * x[i];
        }
        return new Moments(s, q, x.Length);
    }

    /// <summary>How many of an example's <paramref name="units"/> values are exactly 0 in every example (the rows of <paramref name="t"/>).</summary>
    public static int ZeroUnits(Tensor t, int units)
    {
        var r = Readable(t, out var copy);
        using (copy)
            return r.dtype == ScalarType.Float32 ? ZeroUnits(Floats(r), units) : ZeroUnits(Doubles(r), units);
    }

    private static int ZeroUnits<T>(ReadOnlySpan<T> x, int units) where T : unmanaged, INumber<T>
    {
        var largest = new T[units]; // per unit, the largest |value| over the examples
        var lanes = MemoryMarshal.Cast<T, Vector<T>>(largest.AsSpan());
        int tail = lanes.Length * Vector<T>.Count;
        for (int start = 0; start + units <= x.Length; start += units)
        {
            var row = x.Slice(start, units);
            var rowLanes = MemoryMarshal.Cast<T, Vector<T>>(row);
            for (int j = 0; j < lanes.Length; j++) lanes[j] = Vector.Max(lanes[j], Vector.Abs(rowLanes[j]));
            for (int j = tail; j < units; j++) largest[j] = T.Max(largest[j], T.Abs(row[j]));
        }
        int zero = 0;
        foreach (var v in largest) if (T.IsZero(v)) zero++;
        return zero;
    }

    /// <summary>The number of true values of a boolean tensor.</summary>
    public static long CountTrue(Tensor mask)
    {
        var contiguous = mask.is_contiguous() && mask.device_type == DeviceType.CPU ? null : mask.to(CPU).contiguous();
        using (contiguous)
        {
            long count = 0;
            foreach (byte b in (contiguous ?? mask).bytes) count += b != 0 ? 1 : 0;
            return count;
        }
    }

    /// <summary>A tensor's values as doubles (a new array: for small results such as a histogram).</summary>
    public static double[] ToArray(Tensor t)
    {
        var r = Readable(t, out var copy);
        using (copy)
            return r.dtype == ScalarType.Float32 ? Array.ConvertAll(Floats(r).ToArray(), v => (double)v) : Doubles(r).ToArray();
    }
}
