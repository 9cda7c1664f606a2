package reports

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// JSON writes the report as indented JSON, the shape described by
// report.schema.json. It is also the input of --from.
type JSON struct{}

// Format writes what json.Encoder with a two-space indent writes, but the
// report and its inventory one field at a time and their arrays one
// element at a time, so a large report is never encoded whole in memory.
func (JSON) Format(w io.Writer, r *compliance.Report) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := writeObject(bw, reflect.ValueOf(r).Elem(), ""); err != nil {
		return err
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return err
	}
	return bw.Flush()
}

var inventoryType = reflect.TypeFor[compliance.Inventory]()

// writeObject writes the struct v, indented at prefix, as encoding/json
// would: its fields in order under their json names, omitempty honoured.
// A slice field is written element by element and the inventory field by
// field; every other value is encoded whole.
func writeObject(w *bufio.Writer, v reflect.Value, prefix string) error {
	inner := prefix + "  "
	first := true
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() || f.Anonymous {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fv := v.Field(i)
		if strings.Contains(","+opts+",", ",omitempty,") && emptyValue(fv) {
			continue
		}
		if first {
			w.WriteString("{")
			first = false
		} else {
			w.WriteString(",")
		}
		key, _ := json.Marshal(name)
		w.WriteString("\n" + inner)
		w.Write(key)
		w.WriteString(": ")
		var err error
		switch {
		case fv.Type() == inventoryType:
			err = writeObject(w, fv, inner)
		case fv.Kind() == reflect.Slice && fv.Len() > 0:
			err = writeArray(w, fv, inner)
		default:
			err = writeValue(w, fv, inner)
		}
		if err != nil {
			return err
		}
	}
	if first {
		_, err := w.WriteString("{}")
		return err
	}
	_, err := w.WriteString("\n" + prefix + "}")
	return err
}

// emptyValue is encoding/json's test for omitempty.
func emptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func writeArray(w *bufio.Writer, v reflect.Value, prefix string) error {
	inner := prefix + "  "
	w.WriteString("[")
	for i := range v.Len() {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n" + inner)
		if err := writeValue(w, v.Index(i), inner); err != nil {
			return err
		}
	}
	_, err := w.WriteString("\n" + prefix + "]")
	return err
}

func writeValue(w *bufio.Writer, v reflect.Value, prefix string) error {
	b, err := json.MarshalIndent(v.Interface(), prefix, "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// FormatDiff writes a diff as indented JSON, the shape described by
// diff.schema.json.
func (JSON) FormatDiff(w io.Writer, d *compliance.Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// ReadJSON reads a report written by the json format.
func ReadJSON(rd io.Reader) (*compliance.Report, error) {
	var r compliance.Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	return &r, nil
}
