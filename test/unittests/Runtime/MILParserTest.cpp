//===- MILParserTest.cpp - MIL text parse/print round trips and errors ----===//
//
// Compact goldens are mechramc/Orion's own output (facts §3.2, and a kernel
// written line by line in the §3.3 per-op spelling), so print(parse(x)) == x
// proves we print exactly what mechramc/Orion prints.
//
//===----------------------------------------------------------------------===//

#include "orion/format/MILProgram.h"

#include <gtest/gtest.h>

using namespace orion::rt;
using namespace orion::rt::milast;

namespace {

const char kBuildInfo[] =
    "[buildInfo = dict<string, string>({{\"coremlc-component-MIL\", "
    "\"3510.2.1\"}, {\"coremlc-version\", \"3505.4.1\"}, "
    "{\"coremltools-component-milinternal\", \"\"}, {\"coremltools-version\", "
    "\"9.0\"}})]\n";

// Facts §3.2, verbatim.
const std::string kSimple = std::string("program(1.3)\n") + kBuildInfo + R"({
    func main<ios18>(tensor<fp32, [1,768,1,64]> x) {
        string x16_dt = const()[name=string("x16_dt"), val=string("fp16")];
        tensor<fp16, [1,768,1,64]> x16 = cast(dtype=x16_dt, x=x)[name=string("x16")];
        tensor<fp16, [1,768,1,64]> y = add(x=x16, y=x16)[name=string("y")];
        string out_dt = const()[name=string("out_dt"), val=string("fp32")];
        tensor<fp32, [1,768,1,64]> out = cast(dtype=out_dt, x=y)[name=string("out")];
    } -> (out);
}
)";

// The same program as coremltools 8 spells it (our Verbose spelling).
const char kSimpleVerbose[] = R"(program(1.0)
[buildInfo = dict<tensor<string, []>, tensor<string, []>>({{"coremlc-component-MIL", "3510.2.1"}, {"coremlc-version", "3505.4.1"}, {"coremltools-component-milinternal", ""}, {"coremltools-version", "9.0"}})]
{
    func main<ios16>(tensor<fp32, [1, 768, 1, 64]> x) {
        tensor<string, []> x16_dt = const()[name = tensor<string, []>("x16_dt"), val = tensor<string, []>("fp16")];
        tensor<fp16, [1, 768, 1, 64]> x16 = cast(dtype = x16_dt, x = x)[name = tensor<string, []>("x16")];
        tensor<fp16, [1, 768, 1, 64]> y = add(x = x16, y = x16)[name = tensor<string, []>("y")];
        tensor<string, []> out_dt = const()[name = tensor<string, []>("out_dt"), val = tensor<string, []>("fp32")];
        tensor<fp32, [1, 768, 1, 64]> out = cast(dtype = out_dt, x = y)[name = tensor<string, []>("out")];
    } -> (out);
}
)";

// An attention-shaped kernel in §3.3/§3.4 spelling: BLOBFILE consts first,
// then RMSNorm (reduce_sum keep_dims, pow -0.5), conv with its 5 consts,
// reshape/transpose, matmul with named bool consts, softmax, casts, and two
// outputs.
const std::string kKernel = std::string("program(1.3)\n") + kBuildInfo + R"({
    func main<ios18>(tensor<fp32, [1,64,1,16]> x) {
        tensor<fp16, [1,64,1,1]> rms_w = const()[name=string("rms_w"), val=tensor<fp16, [1,64,1,1]>(BLOBFILE(path=string("@model_path/layer0/rms.bin"), offset=uint64(64)))];
        tensor<fp16, [64,64,1,1]> q_W = const()[name=string("q_W"), val=tensor<fp16, [64,64,1,1]>(BLOBFILE(path=string("@model_path/layer0/wq.bin"), offset=uint64(64)))];
        tensor<int32, [1]> rms_ax = const()[name=string("rms_ax"), val=tensor<int32, [1]>([1])];
        fp16 rms_invd = const()[name=string("rms_invd"), val=fp16(0.015625)];
        fp16 rms_eps = const()[name=string("rms_eps"), val=fp16(1e-05)];
        fp16 rms_nhalf = const()[name=string("rms_nhalf"), val=fp16(-0.5)];
        tensor<int32, [4]> att_rsh = const()[name=string("att_rsh"), val=tensor<int32, [4]>([1,4,16,16])];
        tensor<int32, [4]> att_pm = const()[name=string("att_pm"), val=tensor<int32, [4]>([0,1,3,2])];
        string x16_dt = const()[name=string("x16_dt"), val=string("fp16")];
        tensor<fp16, [1,64,1,16]> x16 = cast(dtype=x16_dt, x=x)[name=string("x16")];
        tensor<fp16, [1,64,1,16]> rms_sq = mul(x=x16, y=x16)[name=string("rms_sq")];
        bool rms_ss_kd = const()[name=string("rms_ss_kd"), val=bool(true)];
        tensor<fp16, [1,1,1,16]> rms_ss = reduce_sum(x=rms_sq, axes=rms_ax, keep_dims=rms_ss_kd)[name=string("rms_ss")];
        tensor<fp16, [1,1,1,16]> rms_mse = mul(x=rms_ss, y=rms_invd)[name=string("rms_mse")];
        tensor<fp16, [1,1,1,16]> rms_mse_eps = add(x=rms_mse, y=rms_eps)[name=string("rms_mse_eps")];
        tensor<fp16, [1,1,1,16]> rms_rstd = pow(x=rms_mse_eps, y=rms_nhalf)[name=string("rms_rstd")];
        tensor<fp16, [1,64,1,16]> rms_xn = mul(x=x16, y=rms_rstd)[name=string("rms_xn")];
        tensor<fp16, [1,64,1,16]> rms_out = mul(x=rms_xn, y=rms_w)[name=string("rms_out")];
        string q_conv_pt = const()[name=string("q_conv_pt"), val=string("valid")];
        tensor<int32, [2]> q_conv_st = const()[name=string("q_conv_st"), val=tensor<int32, [2]>([1,1])];
        tensor<int32, [4]> q_conv_pd = const()[name=string("q_conv_pd"), val=tensor<int32, [4]>([0,0,0,0])];
        tensor<int32, [2]> q_conv_dl = const()[name=string("q_conv_dl"), val=tensor<int32, [2]>([1,1])];
        int32 q_conv_gr = const()[name=string("q_conv_gr"), val=int32(1)];
        tensor<fp16, [1,64,1,16]> q_conv = conv(dilations=q_conv_dl, groups=q_conv_gr, pad=q_conv_pd, pad_type=q_conv_pt, strides=q_conv_st, weight=q_W, x=rms_out)[name=string("q_conv")];
        tensor<fp16, [1,4,16,16]> att_qr = reshape(shape=att_rsh, x=q_conv)[name=string("att_qr")];
        tensor<fp16, [1,4,16,16]> att_q = transpose(perm=att_pm, x=att_qr)[name=string("att_q")];
        bool att_sc_tx = const()[name=string("att_sc_tx"), val=bool(false)];
        bool att_sc_ty = const()[name=string("att_sc_ty"), val=bool(true)];
        tensor<fp16, [1,4,16,16]> att_sc = matmul(transpose_x=att_sc_tx, transpose_y=att_sc_ty, x=att_q, y=att_q)[name=string("att_sc")];
        int32 att_attn_ax = const()[name=string("att_attn_ax"), val=int32(-1)];
        tensor<fp16, [1,4,16,16]> att_attn = softmax(axis=att_attn_ax, x=att_sc)[name=string("att_attn")];
        string out_dt = const()[name=string("out_dt"), val=string("fp32")];
        tensor<fp32, [1,64,1,16]> out = cast(dtype=out_dt, x=q_conv)[name=string("out")];
    } -> (out, att_attn);
}
)";

// Verbose spelling of what compact never shows: rank-0 literals, verbose
// BLOBFILE, a multi-result split, a concat tuple, hex and -inf floats.
const char kVerboseMisc[] = R"(program(1.0)
[buildInfo = dict<tensor<string, []>, tensor<string, []>>({{"coremltools-version", "8.1"}})]
{
    func main<ios16>(tensor<fp16, [1, 8, 1, 4]> x) {
        tensor<fp16, [8, 8, 1, 1]> w = const()[name = tensor<string, []>("w"), val = tensor<fp16, [8, 8, 1, 1]>(BLOBFILE(path = tensor<string, []>("@model_path/weights/weight.bin"), offset = tensor<uint64, []>(128)))];
        tensor<int32, []> ax = const()[name = tensor<string, []>("ax"), val = tensor<int32, []>(1)];
        tensor<int32, [2]> sizes = const()[name = tensor<string, []>("sizes"), val = tensor<int32, [2]>([4, 4])];
        tensor<fp16, [1, 4, 1, 4]> a, tensor<fp16, [1, 4, 1, 4]> b = split(axis = ax, split_sizes = sizes, x = x)[name = tensor<string, []>("split_0")];
        tensor<bool, []> il = const()[name = tensor<string, []>("il"), val = tensor<bool, []>(false)];
        tensor<fp16, [1, 8, 1, 4]> c = concat(axis = ax, interleave = il, values = (b, a))[name = tensor<string, []>("concat_0")];
        tensor<fp16, []> lo = const()[name = tensor<string, []>("lo"), val = tensor<fp16, []>(-inf)];
        tensor<fp16, []> k = const()[name = tensor<string, []>("k"), val = tensor<fp16, []>(0x1.8p+1)];
        tensor<fp16, [1, 8, 1, 4]> y = mul(x = c, y = k)[name = tensor<string, []>("op_7_cast_fp16")];
    } -> (y, lo);
}
)";

Program parseOK(const std::string &text) {
  auto p = parseMIL(text, "test.mil");
  EXPECT_TRUE(bool(p)) << (p ? "" : p.error().message());
  return p ? std::move(*p) : Program();
}

std::string errorOf(const std::string &text) {
  auto p = parseMIL(text, "model.mil");
  return p ? std::string("<no error>") : p.error().message();
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(MILParser, ParsesTheFactsExample) {
  Program p = parseOK(kSimple);
  EXPECT_EQ(p.version, "1.3");
  ASSERT_EQ(p.buildInfo.size(), 4u);
  EXPECT_EQ(p.buildInfo[2].first, "coremltools-component-milinternal");
  EXPECT_EQ(p.buildInfo[2].second, "");
  EXPECT_EQ(p.buildInfo, orionBuildInfo());
  ASSERT_EQ(p.functions.size(), 1u);
  const Function &f = p.functions[0];
  EXPECT_EQ(f.name, "main");
  EXPECT_EQ(f.opset, "ios18");
  ASSERT_EQ(f.inputs.size(), 1u);
  EXPECT_EQ(f.inputs[0].type, Type::tensor("fp32", {1, 768, 1, 64}));
  EXPECT_EQ(f.inputs[0].name, "x");
  ASSERT_EQ(f.body.size(), 5u);
  const Operation &c = f.body[0];
  EXPECT_EQ(c.op, "const");
  EXPECT_EQ(c.results[0].type, Type::scalar("string"));
  EXPECT_EQ(*c.attribute("val")->stringValue(), "fp16");
  EXPECT_EQ(c.nameAttr(), "x16_dt");
  EXPECT_EQ(c.line, 5u);
  EXPECT_EQ(c.col, 9u);
  const Operation &cast = f.body[1];
  ASSERT_EQ(cast.arguments.size(), 2u);
  EXPECT_EQ(cast.arguments[0].name, "dtype");
  EXPECT_EQ(*cast.argument("x")->refName(), "x");
  EXPECT_EQ(f.outputs, std::vector<std::string>{"out"});
  EXPECT_EQ(printMIL(p, MILSpelling::Compact), kSimple);
}

TEST(MILParser, KernelRoundTripsByteForByte) {
  Program p = parseOK(kKernel);
  EXPECT_EQ(printMIL(p, MILSpelling::Compact), kKernel);

  const Function &f = *p.findFunction("main");
  EXPECT_EQ(f.outputs, (std::vector<std::string>{"out", "att_attn"}));
  const BlobFileRef *w = f.definingOp("q_W")->attribute("val")->get<BlobFileRef>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->type, Type::tensor("fp16", {64, 64, 1, 1}));
  EXPECT_EQ(w->path, "@model_path/layer0/wq.bin");
  EXPECT_EQ(w->offset, 64u);
  const TensorLiteral *pm =
      f.definingOp("att_pm")->attribute("val")->get<TensorLiteral>();
  ASSERT_TRUE(pm);
  EXPECT_EQ(pm->elements, (std::vector<std::string>{"0", "1", "3", "2"}));
  EXPECT_EQ(f.definingOp("rms_eps")->attribute("val")->get<ScalarLiteral>()->text,
            "1e-05");
  const Operation &rs = *f.definingOp("rms_ss");
  EXPECT_EQ(rs.op, "reduce_sum");
  ASSERT_EQ(rs.arguments.size(), 3u); // x, axes, keep_dims: order kept
  EXPECT_EQ(rs.arguments[0].name, "x");
  EXPECT_EQ(rs.arguments[1].name, "axes");
  EXPECT_EQ(rs.arguments[2].name, "keep_dims");
  EXPECT_EQ(f.definingOp("att_sc")->op, "matmul");
  EXPECT_EQ(*f.definingOp("att_sc")->argument("transpose_y")->refName(),
            "att_sc_ty");
  EXPECT_EQ(f.definingOp("x"), nullptr);
  EXPECT_NE(f.input("x"), nullptr);
  EXPECT_EQ(p.findFunction("other"), nullptr);
}

TEST(MILParser, VerboseRoundTripsByteForByte) {
  EXPECT_EQ(printMIL(parseOK(kSimpleVerbose), MILSpelling::Verbose),
            kSimpleVerbose);
  Program misc = parseOK(kVerboseMisc);
  EXPECT_EQ(printMIL(misc, MILSpelling::Verbose), kVerboseMisc);

  const Function &f = misc.functions[0];
  EXPECT_EQ(f.opset, "ios16");
  const Operation &split = *f.definingOp("b");
  ASSERT_EQ(split.results.size(), 2u);
  EXPECT_EQ(split.results[0].name, "a");
  EXPECT_EQ(split.nameAttr(), "split_0");
  const Tuple *values = f.definingOp("c")->argument("values")->get<Tuple>();
  ASSERT_TRUE(values);
  ASSERT_EQ(values->elements.size(), 2u);
  EXPECT_EQ(*values->elements[0].refName(), "b");
  const BlobFileRef *w = f.definingOp("w")->attribute("val")->get<BlobFileRef>();
  ASSERT_TRUE(w);
  EXPECT_EQ(w->path, "@model_path/weights/weight.bin");
  EXPECT_EQ(w->offset, 128u);
  EXPECT_EQ(f.definingOp("ax")->results[0].type, Type::tensor("int32", {}));
  EXPECT_TRUE(f.definingOp("ax")->results[0].type.isScalarLike());
}

TEST(MILParser, CompactToVerboseAndBack) {
  EXPECT_EQ(printMIL(parseOK(kSimple), MILSpelling::Verbose), kSimpleVerbose);
  for (const std::string &text : {kSimple, kKernel}) {
    std::string verbose = printMIL(parseOK(text), MILSpelling::Verbose);
    EXPECT_EQ(printMIL(parseOK(verbose), MILSpelling::Compact), text);
  }
  // And verbose -> compact -> verbose.
  std::string compact = printMIL(parseOK(kVerboseMisc), MILSpelling::Compact);
  EXPECT_NE(compact.find("int32 ax = const()[name=string(\"ax\"), "
                         "val=int32(1)];"),
            std::string::npos);
  EXPECT_EQ(printMIL(parseOK(compact), MILSpelling::Verbose), kVerboseMisc);
}

TEST(MILParser, WhitespaceAndCommentsAreInsignificant) {
  // Hand-written style: spaces around '=', spaced dims, statements broken
  // across lines, comments, tabs, CRLF.
  const std::string spaced = std::string("// leading comment\r\n"
                                         "program( 1.3 )\r\n") +
                             kBuildInfo + R"({
  func main <ios18> ( tensor < fp32 , [ 1, 768, 1, 64 ] > x ) {
	string x16_dt = const ( ) [ name = string ( "x16_dt" ) ,
	                            val = string("fp16") ] ;   // cast to fp16
    tensor<fp16, [1, 768, 1, 64]> x16 = cast(dtype = x16_dt,
                                             x = x)[name = string("x16")];
    tensor<fp16, [1, 768, 1, 64]>
        y = add(x = x16, y = x16)[name = string("y")];
        // UNSUPPORTED OP: split
    string out_dt = const()[name = string("out_dt"), val = string("fp32")];
    tensor<fp32, [1, 768, 1, 64]> out = cast(dtype = out_dt, x = y)[name = string("out")];
  }
  ->
  ( out ) ;
}
)";
  Program a = parseOK(spaced);
  Program b = parseOK(kSimple);
  EXPECT_TRUE(a == b);
  EXPECT_EQ(printMIL(a, MILSpelling::Compact), kSimple);
  // Nothing between tokens at all where the grammar allows it.
  std::string tight = "program(1.3){func main<ios18>(fp16 a){fp16 b=neg(x=a)"
                      "[name=string(\"b\")];}->(b);}";
  EXPECT_EQ(printMIL(parseOK(tight), MILSpelling::Compact),
            "program(1.3)\n{\n    func main<ios18>(fp16 a) {\n"
            "        fp16 b = neg(x=a)[name=string(\"b\")];\n    } -> (b);\n}\n");
}

TEST(MILParser, ReadsCoremltoolsOutput) {
  // coremltools/modelrunner add_model.mlmodelc/model.mil, verbatim: odd
  // indentation, and a name attribute that differs from the result name.
  const char text[] = R"(program(1.0)
[buildInfo = dict<tensor<string, []>, tensor<string, []>>({{"coremlc-component-MIL", "3402.3.2"}, {"coremlc-version", "3402.4.1"}, {"coremltools-component-torch", "2.5.1"}, {"coremltools-source-dialect", "TorchScript"}, {"coremltools-version", "8.1"}})]
{
    func main<ios16>(tensor<fp16, [1, 10]> x, tensor<fp16, [1, 10]> y) {
            tensor<fp16, [1, 10]> var_3 = mul(x = x, y = y)[name = tensor<string, []>("op_3_cast_fp16")];
        } -> (var_3);
}
)";
  Program p = parseOK(text);
  ASSERT_EQ(p.buildInfo.size(), 5u);
  EXPECT_EQ(p.functions[0].inputs.size(), 2u);
  EXPECT_EQ(p.functions[0].body[0].nameAttr(), "op_3_cast_fp16");
  EXPECT_EQ(p.functions[0].body[0].results[0].name, "var_3");
}

TEST(MILParser, LiteralsKeepTheirExactText) {
  const char text[] = R"(program(1.3)
{
    func main<ios18>() {
        fp16 a = const()[val=fp16(0.000010)];
        fp32 b = const()[val=fp32(1.)];
        fp16 c = const()[val=fp16(-inf)];
        fp32 d = const()[val=fp32(nan)];
        fp16 e = const()[val=fp16(0x1p-3)];
        int32 f = const()[val=int32(-2147483648)];
        uint8 g = const()[val=uint8(255)];
        tensor<bool, [2]> h = const()[val=tensor<bool, [2]>([true,false])];
        tensor<string, [2]> i = const()[val=tensor<string, [2]>(["a\"b","c\\d\n"])];
        tensor<int32, [0]> j = const()[val=tensor<int32, [0]>([])];
        fp16 k = const()[val=fp16(.5)];
    } -> (a, b, c, d, e, f, g, h, i, j, k);
}
)";
  Program p = parseOK(text);
  EXPECT_EQ(printMIL(p, MILSpelling::Compact), text);
  const Function &f = p.functions[0];
  EXPECT_EQ(f.definingOp("a")->attribute("val")->get<ScalarLiteral>()->text,
            "0.000010");
  EXPECT_EQ(f.definingOp("i")->attribute("val")->get<TensorLiteral>()->elements,
            (std::vector<std::string>{"a\"b", "c\\d\n"}));
}

//===----------------------------------------------------------------------===//
// Building and printing
//===----------------------------------------------------------------------===//

TEST(MILPrinter, FormatsFloatsLikePercentG) {
  EXPECT_EQ(formatMILFloat(1e-5f), "1e-05");
  EXPECT_EQ(formatMILFloat(1.0f / 768), "0.00130208");
  EXPECT_EQ(formatMILFloat(1.0), "1");
  EXPECT_EQ(formatMILFloat(0.125), "0.125");
  EXPECT_EQ(formatMILFloat(-0.5), "-0.5");
  EXPECT_EQ(formatMILFloat(0.044715f), "0.044715");
  EXPECT_EQ(formatMILFloat(0.7979f), "0.7979");
  EXPECT_EQ(formatMILFloat(65504), "65504");
}

TEST(MILPrinter, PrintsBuiltProgramsInOrionsFormat) {
  Program p;
  p.buildInfo = orionBuildInfo();
  Function f;
  f.name = "main";
  f.inputs.push_back({Type::tensor("fp16", {1, 768, 1, 256}), "x"});
  auto constant = [&](Type t, std::string name, Value v) {
    Operation op;
    op.results.push_back({std::move(t), name});
    op.op = "const";
    op.attributes.push_back({"name", Value::string(name)});
    op.attributes.push_back({"val", std::move(v)});
    f.body.push_back(std::move(op));
  };
  Type w = Type::tensor("fp16", {768, 768, 1, 1});
  constant(w, "q_W", Value::blobFile(w, "@model_path/layer0/wq.bin", 64));
  constant(Type::tensor("int32", {4}), "pm",
           Value::int32Tensor({0, 1, 3, 2}));
  constant(Type::scalar("fp16"), "rms1_invd",
           Value::floating("fp16", 1.0f / 768));
  constant(Type::scalar("bool"), "kd", Value::boolean(true));
  constant(Type::scalar("int32"), "ax", Value::int32(-1));
  f.outputs = {"q_W"};
  p.functions.push_back(std::move(f));
  EXPECT_EQ(printMIL(p, MILSpelling::Compact),
            std::string("program(1.3)\n") + kBuildInfo + R"({
    func main<ios18>(tensor<fp16, [1,768,1,256]> x) {
        tensor<fp16, [768,768,1,1]> q_W = const()[name=string("q_W"), val=tensor<fp16, [768,768,1,1]>(BLOBFILE(path=string("@model_path/layer0/wq.bin"), offset=uint64(64)))];
        tensor<int32, [4]> pm = const()[name=string("pm"), val=tensor<int32, [4]>([0,1,3,2])];
        fp16 rms1_invd = const()[name=string("rms1_invd"), val=fp16(0.00130208)];
        bool kd = const()[name=string("kd"), val=bool(true)];
        int32 ax = const()[name=string("ax"), val=int32(-1)];
    } -> (q_W);
}
)");
  EXPECT_EQ(printMIL(p, MILSpelling::Verbose).substr(0, 13), "program(1.0)\n");
  EXPECT_NE(printMIL(p, MILSpelling::Verbose)
                .find("(BLOBFILE(path = tensor<string, []>(\"@model_path/"
                      "layer0/wq.bin\"), offset = tensor<uint64, []>(64)))"),
            std::string::npos);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

// Wraps body lines (starting on line 3) in a one-input function.
std::string inMain(const std::string &body, const std::string &tail = "} -> (b);\n") {
  return "program(1.3)\n{ func main<ios18>(fp16 a) {\n" + body + tail + "}\n";
}

TEST(MILParserErrors, ReportsLineAndColumn) {
  struct Case {
    std::string text, message;
  } cases[] = {
      {inMain("fp16 b = neg(x=a;\n"),
       "model.mil:3:17: expected ')' after argument list, got ';'"},
      {inMain("fp16 b = neg(x=a)[name=string(\"b)];\n"),
       "model.mil:3:31: unterminated string"},
      {inMain("fp16 b = neg(x=a)[name=string(\"b\\q\")];\n"),
       "model.mil:3:33: unknown escape sequence '\\q' in string"},
      {inMain("fp17 b = neg(x=a);\n"), "model.mil:3:1: unknown dtype 'fp17'"},
      {inMain("tensor<fp61, [1]> b = neg(x=a);\n"),
       "model.mil:3:8: unknown dtype 'fp61'"},
      {inMain("int32 b = const()[val=int32(1.5)];\n"),
       "model.mil:3:29: bad int32 value '1.5'"},
      {inMain("int8 b = const()[val=int8(128)];\n"),
       "model.mil:3:27: bad int8 value '128'"},
      {inMain("fp16 b = const()[val=fp16(1e)];\n"),
       "model.mil:3:27: bad fp16 value '1e'"},
      {inMain("bool b = const()[val=bool(1)];\n"),
       "model.mil:3:27: bad bool value '1'"},
      {inMain("tensor<fp16, [1,-4]> b = neg(x=a);\n"),
       "model.mil:3:17: bad dimension '-4'"},
      {inMain("tensor<fp16, [1,n]> b = neg(x=a);\n"),
       "model.mil:3:17: expected a dimension, got 'n'"},
      {inMain("fp16 b = neg(x=a);\nfp16 a = neg(x=b);\n"),
       "model.mil:4:6: duplicate SSA name 'a' (first defined at 2:25)"},
      {inMain("fp16 b, fp16 b = split(x=a);\n"),
       "model.mil:3:14: duplicate SSA name 'b' in one operation"},
      {inMain("fp16 b = neg(x=q);\n"),
       "model.mil:3:16: use of undefined name 'q'"},
      {inMain("fp16 b = neg(x=b);\n"),
       "model.mil:3:16: use of undefined name 'b'"},
      {inMain("fp16 b = add(x=a, x=a);\n"),
       "model.mil:3:19: duplicate argument 'x'"},
      {inMain("fp16 b = neg(x=a)\n", "} -> (b);\n"),
       "model.mil:4:1: expected ';' after operation, got '}'"},
      {inMain("fp16 b = neg(x=a);\n", "}\n"),
       "model.mil:5:1: expected '->' after function body, got '}'"},
      {inMain("fp16 b = neg(x=a);\n", "} -> (b)\n"),
       "model.mil:5:1: expected ';' after output list, got '}'"},
      {inMain("fp16 b = neg(x=a);\n", "} -> (b, zz);\n"),
       "model.mil:4:10: output 'zz' names no value"},
      {inMain("fp16 b = neg(x=a);\n") + "extra",
       "model.mil:6:1: unexpected 'extra' after end of program"},
      {inMain("tensor<int32, [3]> b = const()[val=tensor<int32, [3]>([1,2])];\n"),
       "model.mil:3:36: tensor literal has 2 elements, but its type has 3"},
      {inMain("tensor<int32, [3]> b = const()[val=tensor<int32, [3]>(1)];\n"),
       "model.mil:3:55: expected '[' to open the elements of a rank-1 tensor "
       "literal, got '1'"},
      {inMain("int32 b = const()[val=int32([1])];\n"),
       "model.mil:3:29: a list literal needs a tensor type of rank 1 or more"},
      {inMain("fp16 b = const()[val=fp16(BLOBFILE(path=a, offset=uint64(0)))];\n"),
       "model.mil:3:41: BLOBFILE path must be a string literal"},
      {inMain("fp16 b = neg(x=a) @;\n"),
       "model.mil:3:19: unexpected character '@'"},
      {"", "model.mil:1:1: expected 'program', got end of input"},
      {"program(1.3.)", "model.mil:1:9: bad program version '1.3.'"},
      {"program(1.3) { func main() {} -> (); func main() {} -> (); }",
       "model.mil:1:38: duplicate function 'main'"},
      {"program(1.3)\n[buildInfo = dict<string, int32>({})]\n{}\n",
       "model.mil:2:14: buildInfo must be a dict of strings to strings"},
      {"program(1.3)\n[buildInfo = dict<string, string>({{\"a\" \"b\"}})]\n{}\n",
       "model.mil:2:41: expected ',' after buildInfo key, got '\"b\"'"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(errorOf(c.text), c.message) << c.text;
}

TEST(MILParserErrors, BoundsNesting) {
  std::string deep = inMain("fp16 b = f(x=" + std::string(100000, '('));
  EXPECT_EQ(errorOf(deep), "model.mil:3:79: values nested too deeply");
  std::string ok = inMain("fp16 b = f(x=" + std::string(20, '(') + "a" +
                          std::string(20, ')') + ");\n");
  EXPECT_EQ(errorOf(ok), "<no error>");
}

TEST(MILParserErrors, NeverReadsPastTheBuffer) {
  // Every prefix of a valid program fails cleanly (ASan checks the reads).
  for (size_t n = 0; n < kKernel.size(); n += 7) {
    auto p = parseMIL(std::string_view(kKernel).substr(0, n), "k.mil");
    EXPECT_FALSE(bool(p));
  }
}

} // namespace
