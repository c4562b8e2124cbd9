using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Coordination.Households.Deduplication;

/// <summary>
/// Normalises a Chinese name for matching people entered with a mistyped or missing ID number:
/// traditional → simplified characters, full-width → half-width, and the name's pinyin without
/// tones. The transforms are ICU's own transliterators (the system's libicu, loaded here because the
/// solution runs with InvariantGlobalization and no .NET API exposes them); no NuGet package of the
/// project's registries offers them, and hand-written tables would go stale.
/// </summary>
public sealed class NameNormalizer : IDisposable
{
    private readonly Transliterator _simplify;
    private readonly Transliterator _surname;
    private readonly Transliterator _pinyin;

    // ICU costs about 10-20 µs a name (it loads rules per call) while names are made of a few thousand
    // characters, each simplified and read alone (its first one as a surname: 单 shan, not dan): each
    // character's forms are kept, so that a bulk import of millions of people pays ICU a few thousand times.
    private readonly ConcurrentDictionary<Rune, string> _simplified = new();
    private readonly ConcurrentDictionary<(Rune Character, bool First), string> _readings = new();

    public NameNormalizer()
    {
        _simplify = new Transliterator("Traditional-Simplified; Fullwidth-Halfwidth; [:Zs:] Remove; [·•・] Remove");
        _surname = new Transliterator("Han-Latin/Names; Latin-ASCII; Lower; [:^Letter:] Remove");
        _pinyin = new Transliterator("Han-Latin; Latin-ASCII; Lower; [:^Letter:] Remove");
    }

    public string Simplified(string name)
    {
        var simplified = new StringBuilder(name.Length);
        foreach (var rune in name.Trim().EnumerateRunes())
        {
            if (!_simplified.TryGetValue(rune, out var form)) _simplified[rune] = form = _simplify.Transform(rune.ToString());
            simplified.Append(form);
        }
        return simplified.ToString();
    }

    public string Pinyin(string name) => PinyinOfSimplified(Simplified(name));

    /// <summary>The pinyin of a name already in its <see cref="Simplified"/> form.</summary>
    public string PinyinOfSimplified(string simplified)
    {
        var pinyin = new StringBuilder(simplified.Length * 4);
        var first = true;
        foreach (var rune in simplified.EnumerateRunes())
        {
            var key = (rune, first);
            if (!_readings.TryGetValue(key, out var reading))
                _readings[key] = reading = (first ? _surname : _pinyin).Transform(rune.ToString());
            pinyin.Append(reading);
            first = false;
        }
        return pinyin.ToString();
    }

    public void Dispose()
    {
        _simplify.Dispose();
        _surname.Dispose();
        _pinyin.Dispose();
    }

    /// <summary>One ICU transliterator (utrans_*). ICU's transliterators are not thread-safe: calls are serialised.</summary>
    private sealed class Transliterator : IDisposable
    {
        private static readonly Lazy<Icu> Library = new(Icu.Load);
        private readonly IntPtr _handle;
        private readonly Lock _lock = new();

        public Transliterator(string id)
        {
            var icu = Library.Value;
            var status = 0;
            _handle = icu.Open(id, id.Length, 0 /* UTRANS_FORWARD */, IntPtr.Zero, 0, IntPtr.Zero, ref status);
            if (status > 0 || _handle == IntPtr.Zero) throw new InvalidOperationException($"ICU could not open the transliterator '{id}' (error {status}).");
        }

        public string Transform(string text)
        {
            if (text.Length == 0) return text;
            var capacity = text.Length * 8 + 16;
            var buffer = new char[capacity];
            text.CopyTo(0, buffer, 0, text.Length);
            int length = text.Length, limit = text.Length, status = 0;
            lock (_lock)
            {
                Library.Value.Transform(_handle, buffer, ref length, capacity, 0, ref limit, ref status);
            }
            if (status > 0) throw new InvalidOperationException($"ICU transliteration failed (error {status}).");
            return new string(buffer, 0, length);
        }

        public void Dispose() => Library.Value.Close(_handle);
    }

    private sealed class Icu
    {
        [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
        public delegate IntPtr OpenFn([MarshalAs(UnmanagedType.LPWStr)] string id, int idLength, int direction, IntPtr rules, int rulesLength, IntPtr parseError, ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl, CharSet = CharSet.Unicode)]
        public delegate void TransformFn(IntPtr trans, [In, Out] char[] text, ref int textLength, int textCapacity, int start, ref int limit, ref int status);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate void CloseFn(IntPtr trans);

        public OpenFn Open = null!;
        public TransformFn Transform = null!;
        public CloseFn Close = null!;

        /// <summary>Finds libicui18n and its versioned symbols (utrans_openU_72, ...).</summary>
        public static Icu Load()
        {
            foreach (var version in Enumerable.Range(50, 40).Reverse())
            {
                if (!NativeLibrary.TryLoad($"libicui18n.so.{version}", out var library)) continue;
                var suffix = NativeLibrary.TryGetExport(library, "utrans_openU_" + version.ToString(CultureInfo.InvariantCulture), out _) ? "_" + version.ToString(CultureInfo.InvariantCulture) : "";
                return new Icu
                {
                    Open = Marshal.GetDelegateForFunctionPointer<OpenFn>(NativeLibrary.GetExport(library, "utrans_openU" + suffix)),
                    Transform = Marshal.GetDelegateForFunctionPointer<TransformFn>(NativeLibrary.GetExport(library, "utrans_transUChars" + suffix)),
                    Close = Marshal.GetDelegateForFunctionPointer<CloseFn>(NativeLibrary.GetExport(library, "utrans_close" + suffix)),
                };
            }
            throw new DllNotFoundException("The system ICU library (libicui18n) was not found; install libicu.");
        }
    }
}
