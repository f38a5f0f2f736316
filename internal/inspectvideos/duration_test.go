package inspectvideos_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pitstop-dev/pitstop/internal/inspectvideos"
)

// box is an ISO base media box: a 32-bit size, its type, its body.
func box(typ string, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	out := binary.BigEndian.AppendUint32(nil, uint32(8+len(b)))
	return append(append(out, typ...), b...)
}

// bigBox is a box with a 64-bit size (size field 1).
func bigBox(typ string, body []byte) []byte {
	out := append([]byte{0, 0, 0, 1}, typ...)
	out = binary.BigEndian.AppendUint64(out, uint64(16+len(body)))
	return append(out, body...)
}

// mvhd0 and mvhd1 are movie headers of version 0 and 1 (the rest of the
// header, rate to next track ID, as zeros: Duration reads no further).
func mvhd0(scale, dur uint32) []byte {
	b := []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2} // version 0, flags, creation, modification
	b = binary.BigEndian.AppendUint32(b, scale)
	b = binary.BigEndian.AppendUint32(b, dur)
	return box("mvhd", b, make([]byte, 80))
}

func mvhd1(scale uint32, dur uint64) []byte {
	b := []byte{1, 0, 0, 0}
	b = binary.BigEndian.AppendUint64(b, 1)
	b = binary.BigEndian.AppendUint64(b, 2)
	b = binary.BigEndian.AppendUint32(b, scale)
	b = binary.BigEndian.AppendUint64(b, dur)
	return box("mvhd", b, make([]byte, 80))
}

func ftyp(brand string) []byte {
	return box("ftyp", []byte(brand), []byte{0, 0, 2, 0}, []byte("isomavc1"))
}

func trak() []byte { return box("trak", box("tkhd", make([]byte, 84)), box("mdia", make([]byte, 40))) }

// ebml is an EBML element with a one-byte size, or an 8-byte one when the
// body is long (0x01 marker), or "unknown" when unknown.
func ebml(id uint32, unknown bool, body ...[]byte) []byte {
	b := bytes.Join(body, nil)
	out := binary.BigEndian.AppendUint32(nil, id)
	for out[0] == 0 {
		out = out[1:]
	}
	switch {
	case unknown:
		out = append(out, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)
	case len(b) < 127:
		out = append(out, 0x80|byte(len(b)))
	default:
		out = append(append(out, 0x01), binary.BigEndian.AppendUint64(nil, uint64(len(b)))[1:]...)
	}
	return append(out, b...)
}

func u(id uint32, v uint64) []byte {
	return ebml(id, false, binary.BigEndian.AppendUint64(nil, v)[5:]) // 3 bytes are enough here
}

func f64(v float64) []byte {
	return ebml(0x4489, false, binary.BigEndian.AppendUint64(nil, math.Float64bits(v)))
}
func f32(v float32) []byte {
	return ebml(0x4489, false, binary.BigEndian.AppendUint32(nil, math.Float32bits(v)))
}

// simpleBlock of track 1 at rel ticks from its cluster, with frame bytes.
func simpleBlock(rel int16, frame int) []byte {
	return ebml(0xA3, false, []byte{0x81, byte(uint16(rel) >> 8), byte(rel), 0x80}, make([]byte, frame))
}

func webmHead() []byte {
	return ebml(0x1A45DFA3, false, ebml(0x4286, false, []byte{1}), ebml(0x4282, false, []byte("webm")))
}

func webmFile(info []byte, clusters ...[]byte) []byte {
	return append(webmHead(), ebml(0x18538067, true, ebml(0x1549A966, false, info), bytes.Join(clusters, nil))...)
}

func cluster(tc uint64, blocks ...[]byte) []byte {
	return ebml(0x1F43B675, true, u(0xE7, tc), bytes.Join(blocks, nil))
}

// The duration comes from the file's own header, wherever in the file it
// is; what cannot be read is ErrNoDuration.
func TestDuration(t *testing.T) {
	mdat := box("mdat", make([]byte, 5000))
	long := bigBox("mdat", make([]byte, 70<<10))
	free := box("free", make([]byte, 16))
	whole := append(ftyp("isom"), box("moov", mvhd0(1000, 12500), trak())...)
	for name, tc := range map[string]struct {
		typ  string
		file []byte
		want time.Duration
	}{
		"mp4, mvhd version 0 at the front":              {"video/mp4", append(append(ftyp("isom"), box("moov", mvhd0(1000, 12500), trak())...), mdat...), 12500 * time.Millisecond},
		"mov, mvhd version 1 after a 64-bit mdat":       {"video/quicktime", append(append(append(ftyp("qt  "), free...), long...), box("moov", mvhd1(600, 600*45+300), trak())...), 45500 * time.Millisecond},
		"mp4, mdat running to the end (size 0)":         {"video/mp4", append(append(ftyp("mp42"), box("moov", trak(), mvhd0(90000, 90000*3))...), 0, 0, 0, 0, 'm', 'd', 'a', 't', 1, 2, 3), 3 * time.Second},
		"fragmented mp4: mvhd 0, mvex/mehd":             {"video/mp4", append(ftyp("iso6"), box("moov", mvhd0(1000, 0), box("mvex", box("mehd", []byte{0, 0, 0, 0, 0, 0, 0x4E, 0x20})))...), 20 * time.Second},
		"mp4, the first mvhd counts":                    {"video/mp4", append(ftyp("isom"), box("moov", mvhd0(1000, 2000), mvhd0(1000, 900000))...), 2 * time.Second},
		"webm, Duration float64 at TimecodeScale 1 ms":  {"video/webm", webmFile(append(u(0x2AD7B1, 1000000), f64(12345)...), cluster(0, simpleBlock(0, 50)), cluster(12000, simpleBlock(300, 50))), 12345 * time.Millisecond},
		"webm, Duration float32, default scale":         {"video/webm", webmFile(f32(2500), cluster(0, simpleBlock(0, 10))), 2500 * time.Millisecond},
		"webm, Duration at a 10 ms scale":               {"video/webm", webmFile(append(u(0x2AD7B1, 10000000), f64(700)...)), 7 * time.Second},
		"webm, no Duration (MediaRecorder): last block": {"video/webm", webmFile(nil, cluster(0, simpleBlock(0, 10)), cluster(20000, simpleBlock(500, 10), ebml(0xA0, false, ebml(0xA1, false, []byte{0x81, 0x02, 0x58, 0}, make([]byte, 8))))), 20600 * time.Millisecond},
		"webm, a header shorter than its blocks":        {"video/webm", webmFile(f64(1000), cluster(0, simpleBlock(0, 10)), cluster(90000, simpleBlock(0, 200))), 90 * time.Second},
	} {
		got, err := inspectvideos.Duration(tc.typ, bytes.NewReader(tc.file))
		require.NoError(t, err, name)
		assert.Equal(t, tc.want, got, name)
		got, err = inspectvideos.Duration(tc.typ, iotest.OneByteReader(bytes.NewReader(tc.file)))
		require.NoError(t, err, "%s (a byte at a time)", name)
		assert.Equal(t, tc.want, got, "%s (a byte at a time)", name)
	}

	for name, tc := range map[string]struct {
		typ  string
		file []byte
	}{
		"mp4 without moov":                  {"video/mp4", append(ftyp("isom"), mdat...)},
		"mp4 cut short inside moov":         {"video/mp4", whole[:len(whole)-20]},
		"mp4 cut short inside mvhd":         {"video/mp4", append(ftyp("isom"), box("moov", mvhd0(1000, 12500))...)[:len(ftyp("isom"))+8+20]},
		"moov at the end, cut off":          {"video/mp4", append(append(ftyp("isom"), mdat...), box("moov", mvhd0(1000, 12500))[:30]...)},
		"mdat longer than the file":         {"video/mp4", append(append(ftyp("isom"), box("moov", mvhd0(1000, 12500))...), bigBox("mdat", make([]byte, 100))[:60]...)},
		"a box smaller than its header":     {"video/mp4", append(ftyp("isom"), 0, 0, 0, 4, 'm', 'o', 'o', 'v')},
		"mvhd of timescale 0":               {"video/mp4", append(ftyp("isom"), box("moov", mvhd0(0, 12500))...)},
		"mvhd of unknown duration (v0)":     {"video/mp4", append(ftyp("isom"), box("moov", mvhd0(1000, math.MaxUint32))...)},
		"mvhd of unknown duration (v1)":     {"video/mp4", append(ftyp("isom"), box("moov", mvhd1(1000, math.MaxUint64))...)},
		"mvhd too short for its version":    {"video/mp4", append(ftyp("isom"), box("moov", box("mvhd", []byte{1, 0, 0, 0}, make([]byte, 20)))...)},
		"garbage after the ftyp":            {"video/mp4", append(ftyp("isom"), "this is not a box at all, it just goes on"...)},
		"webm without Duration or blocks":   {"video/webm", webmFile(u(0x2AD7B1, 1000000))},
		"webm Duration of 3 bytes":          {"video/webm", webmFile(ebml(0x4489, false, []byte{1, 2, 3}))},
		"webm Duration NaN":                 {"video/webm", webmFile(f64(math.NaN()))},
		"webm Duration negative":            {"video/webm", webmFile(f64(-5))},
		"webm TimecodeScale 0":              {"video/webm", webmFile(append(u(0x2AD7B1, 0), f64(10)...))},
		"webm cut short inside a cluster":   {"video/webm", webmFile(f64(1000), cluster(0, simpleBlock(0, 100)))[:len(webmFile(f64(1000), cluster(0, simpleBlock(0, 100))))-40]},
		"webm element of unknown size":      {"video/webm", webmFile(f64(1000), ebml(0x1654AE6B, true, make([]byte, 10)))},
		"webm with an impossible ID":        {"video/webm", append(webmFile(f64(1000)), 0x00, 0x81, 0x00)},
		"webm block shorter than its times": {"video/webm", webmFile(f64(1000), cluster(0, ebml(0xA3, false, []byte{0x81, 0})))},
	} {
		_, err := inspectvideos.Duration(tc.typ, bytes.NewReader(tc.file))
		require.ErrorIs(t, err, inspectvideos.ErrNoDuration, name)
	}
}
