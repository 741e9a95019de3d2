# Laurel — 简体中文（默认语言）

app-name = 志愿服务先进典型推荐评选系统
app-short = Laurel 荣誉登记
skip-to-content = 跳到正文
nav-home = 首页
nav-dashboard = 工作台
nav-campaigns = 评选活动
nav-nominations = 推荐对象
nav-units = 单位管理
nav-users = 用户管理
nav-login = 登录
nav-logout = 退出
nav-language = 语言
lang-zh = 中文
lang-en = English
footer-text = 由文明办组织；公开页面仅显示姓名、单位及职务，不显示任何个人隐私信息。

role-admin = 文明办管理员
role-recommender = 单位推荐人
role-reviewer = 评审专家

unit-kind-city = 市
unit-kind-province = 省
unit-kind-district = 区
unit-kind-street = 街道
unit-kind-community = 社区
unit-kind-department = 部门

kind-person = 个人
kind-organization = 组织
kind-project = 项目
kind-community = 社区


nomination-status-draft = 草稿

category-volunteer = 最美志愿者
category-organization = 最佳志愿服务组织
category-project = 最佳志愿服务项目
category-community = 最美志愿服务社区

gender-male = 男
gender-female = 女

action-save = 保存
action-edit = 编辑
action-cancel = 取消
action-delete = 删除
action-view = 查看
action-save-draft = 保存草稿
action-submit = 提交推荐
action-upload = 上传
action-filter = 筛选
action-reset = 重置
action-switch-language = 切换
confirm-delete = 确定删除吗？此操作会记入审计日志。
confirm-submit = 提交后本单位不能再修改，确定提交吗？

error-title = 出错了
error-back-home = 返回首页
error-unauthorized = 请先登录。
error-forbidden = 您的角色无权进行此操作。
error-not-found = 页面不存在，或您无权查看。
error-csrf = 表单已过期或来源不明，请返回刷新页面后重试。
error-invalid = 提交的内容有误，请检查标出的栏目。
error-stale = 该记录已被他人修改，请刷新后查看最新内容再操作。
error-too-many-requests = 尝试次数过多，请稍后再试。
error-too-large = 提交的内容超过了大小限制，请精简文字或压缩附件后再提交。
error-bad-next = 返回地址无效：只能返回本站的页面。
error-bad-request = 请求的格式不正确，无法处理。
error-json-syntax = 请求体不是有效的 JSON。
error-json-type = 此项的类型不对：数字写作 JSON 数字，日期写作 YYYY-MM-DD 文本，是否写作 true 或 false。
error-internal = 系统出现错误，已记录，请稍后再试。
error-demo-loaded = 演示数据已经载入过。
error-demo-province-fresh = 省级演示数据只能载入新的数据库（其中还没有任何用户）。
error-demo-city-on-province = 这是省级部署，不能载入城市演示数据；省级演示数据请在新的数据库上用 laurel demo --province 载入。
error-window-closed = 当前不在推荐期内（推荐期：{ $opens } 至 { $closes }）。
error-category-in-use = 类别“{ $name }”已有推荐对象，不能删除或更改对象类型。
error-unit-in-use = 单位“{ $name }”下仍有下级单位、用户或推荐对象，不能删除。
error-nomination-not-draft = 推荐对象已提交，不能再修改。
error-file-empty = 请选择要上传的文件。
error-file-too-large = 文件过大，超过了允许的大小。
error-file-type = 只接受 JPEG、PNG 图片或 PDF 文件。
error-file-too-many = 附件数量已达上限。
error-username-format = 用户名为 3 至 64 位字母、数字或 . _ -。
error-username-taken = 该用户名已被使用。
error-password-short = 密码至少 10 位。
error-login-failed = 用户名或密码不正确。
error-cannot-demote-self = 不能停用自己或取消自己的管理员角色。
error-unit-name-taken = 同一上级单位下已有同名单位。
error-unit-kind-placement = 该类型的单位不能设在所选上级单位之下。
error-campaign-city-level = 只有省级部署（根单位为省）才设市级推荐。
error-unit-move-root = 最上级单位不能移动。
error-unit-move-inside = 不能把单位移到它自己或它的下级单位之下。
error-unit-move-campaign = 单位“{ $name }”及其下级单位在尚未归档的评选活动“{ $campaign }”中有推荐对象，活动归档前不能移动。
units-move-help = 更换上级单位会连同全部下级单位、用户一起移动；已获表彰的记录随单位一起移动。
error-timeline-order = 日期不能早于上一阶段。
error-unit-quota-above-total = 单位名额不能超过总名额。
error-category-duplicate = 类别重复。
error-category-needed = 至少需要一个评选类别。
error-date-future = 日期不能晚于今天。
error-id-number-birth-mismatch = 身份证号中的出生日期与所填出生日期不一致。
error-id-number-format = 身份证号应为 18 位：17 位数字加 1 位数字或 X。
error-id-number-checksum = 身份证号校验位不正确，请核对。
error-id-number-birth-date = 身份证号中的出生日期无效。
error-phone-format = 请填写 11 位手机号或带区号的固话号码。
error-required = 此项必填。
error-too-long = 内容过长。
error-date-format = 请按 年-月-日 填写日期。
error-number-format = 请填写整数。
error-number-range = 数值超出允许范围。

flash-setup-done = 管理员已创建，请登录。
flash-setup-needed = 系统尚未初始化，请先创建管理员。
flash-signed-in = 登录成功。
flash-signed-out = 已退出登录。
flash-saved = 已保存。
flash-deleted = 已删除。
flash-draft-saved = 草稿已保存。
flash-submitted = 已提交。
flash-attachment-added = 附件已上传。

home-title = 评选活动
home-intro = 文明办组织的志愿服务先进典型评选活动，推荐、评审、公示与结果均在此公开。
home-empty = 目前还没有公开的评选活动。
campaign-rules = 参评条件
campaign-no-rules = 无附加条件
campaign-timeline = 时间安排
campaign-categories = 评选类别与名额
col-category = 类别
col-kind = 对象类型
col-quota = 总名额
col-unit-quota = 每单位推荐名额
col-name = 名称
col-unit = 单位
col-status = 状态
col-updated = 更新时间
col-campaign = 活动
col-year = 年度
col-username = 用户名
col-role = 角色
col-active = 启用
col-actions = 操作
yes = 是
no = 否

setup-title = 初始化系统
setup-intro = 系统中还没有任何用户。请创建文明办管理员账号，并填写本市名称作为单位树的根。
setup-submit = 创建管理员

login-title = 登录
login-submit = 登录

field-username = 用户名
field-password = 密码
field-password-keep = 留空则不修改密码
field-display-name = 姓名
field-city-name = 本市名称
field-setup-province = 省级部署：根单位是省，各市向省文明办逐级推荐
field-role = 角色
field-unit = 所属单位
field-active = 允许登录
field-name = 名称
field-kind = 类型
field-parent = 上级单位

dashboard-title = 工作台
dashboard-admin-intro = 您可以创建和管理评选活动、单位和用户，并查看全部推荐对象。
dashboard-recommender-intro = 您可以为本单位填写推荐对象，并查看本单位及下级单位的推荐情况。
dashboard-reviewer-intro = 评审任务将在专家评选阶段分配给您。
dashboard-open-campaigns = 正在进行的活动
dashboard-no-campaigns = 目前没有正在接受推荐的活动。
dashboard-new-nomination = 填写推荐
dashboard-recent = 最近的推荐对象
dashboard-all-nominations = 全部推荐对象（{ $count }）

units-title = 单位管理
units-add = 新增下级单位
units-rename = 修改单位

users-title = 用户管理
users-new = 新增用户
users-edit = 编辑用户

campaigns-title = 评选活动
campaigns-new = 新建活动
campaigns-edit = 编辑活动
campaigns-empty = 还没有评选活动。
campaigns-public-page = 公开页面
campaigns-categories-help = 已预填四个标准类别；名称留空的行不会保存。
field-title = 活动名称
field-year = 年度
field-organizer = 主办单位
field-description = 活动说明（公开）
field-nomination-opens-on = 推荐开始日期
field-nomination-closes-on = 推荐截止日期
field-review-closes-on = 审核截止日期
field-notice-starts-on = 公示开始日期
field-announced-on = 结果公布日期
field-category-name = 类别名称
field-nominee-kind = 对象类型
field-quota = 总名额
field-unit-quota = 每单位名额
field-min-hours = 最低服务时长（小时）

nominations-title = 推荐对象
nominations-new = 填写推荐
nominations-edit = 修改推荐
nominations-empty = 没有符合条件的推荐对象。
nominations-count = 共 { $count } 条
nominations-count-more = 超过 { $count } 条
filter-all = 全部
filter-search = 按名称搜索
field-nominee-name = 名称 / 姓名
field-affiliation = 单位及职务
help-affiliation = 公开名单中名称后的说明，例如“青岛市李沧区某志愿服务岗队长”。
field-gender = 性别
field-birth-date = 出生日期
field-phone = 联系电话
field-id-number = 身份证号
help-id-number = 加密保存，仅文明办和推荐单位可见，不会公开。
field-volunteer-hours = 本年度志愿服务时长（小时）
field-founded-on = 成立 / 启动日期
field-member-count = 注册志愿者人数
field-contact-name = 联系人
field-deeds-summary = 事迹简介（公开，300 字以内）
field-deeds-full = 详细事迹
help-private = 以下信息仅供审核使用，不会出现在任何公开页面。
section-public = 公开信息
section-private = 审核用信息（不公开）
attachments-title = 附件
attachments-none = 暂无附件。
field-file = 选择文件
help-file = 支持 JPEG、PNG、PDF，单个文件不超过 { $size }。
nominations-submitted-at = 提交时间
pagination-next = 下一页
pagination-first = 第一页

nav-account = API 令牌
flash-token-revoked = 令牌已撤销。
tokens-title = API 令牌
tokens-intro = 供其他系统通过 JSON 接口代表您操作。令牌拥有与您相同的权限，请妥善保管；不再使用时请撤销。
tokens-created = 新令牌如下，只显示这一次，请立即复制保存：
tokens-none = 您还没有创建令牌。
tokens-created-at = 创建时间
tokens-last-used = 最近使用
tokens-revoked = 已撤销
tokens-active = 有效
tokens-revoke = 撤销
tokens-new = 创建新令牌
tokens-create = 创建令牌
tokens-docs = 接口说明（OpenAPI）：
field-token-name = 令牌用途
tokens-expires = 到期时间
tokens-expired = 已过期
tokens-days = { $days } 天
field-token-days = 有效期
error-token-days = 请从列表中选择有效期。
tokens-all = 所有用户的有效令牌
tokens-all-help = 文明办可以撤销任何用户的令牌；用户的密码被修改或重置时，其令牌一并失效。
tokens-all-none = 目前没有有效的令牌。
field-token-scope = 权限范围
tokens-scope-full = 完整（与该用户相同）
tokens-scope-read = 只读
field-token-user = 签发给
field-token-user-help = 文明办可以为其他用户或服务账号签发令牌；令牌会出现在该用户的令牌列表中，该用户可以撤销。
tokens-for-myself = 我自己
tokens-issued = 文明办签发
tokens-issued-to = 已为 { $user } 签发令牌。
error-token-read-only = 此令牌只能读取，不能修改任何内容。
error-token-user-inactive = 该用户已停用，不能为其签发令牌。
error-service-password = 服务账号没有密码，只能使用文明办签发的令牌。
field-service = 服务账号
field-service-help = 供其他系统对接使用：没有密码，不能登录页面，只能使用文明办签发的 API 令牌。
users-service = 服务账号
users-service-help = 这是服务账号：没有密码，只能使用文明办在“API 令牌”页面签发的令牌。

# Recommendation and review
nav-inbox = 待推荐
nav-review = 审核
nomination-status-pending = 待上级推荐
nomination-status-declined = 已退回本单位
nomination-status-at_office = 待文明办审核
nomination-status-eligible = 审核合格
nomination-status-returned = 退回修改
nomination-status-rejected = 未通过
decision-submit = 提交推荐
decision-resubmit = 修改后重新提交
decision-recommend = 向上推荐
decision-decline = 不予推荐（退回下级）
decision-mark_eligible = 审核合格
decision-return_for_revision = 退回修改
decision-reject = 不予通过
decisions-title = 办理
field-reason = 理由
field-recommend-street = 街道逐级推荐
field-recommend-district = 区逐级推荐
field-recommend-city = 市逐级推荐（向省文明办）
campaigns-levels = 推荐层级
campaigns-levels-help = 选择哪些层级逐级向上推荐；部门与区同级，报送其上方的推荐层级（没有时直接报送文明办）。
nominations-held-by = 当前在：{ $unit }
history-title = 办理记录
history-office = 文明办
checklist-title = 审核要点
check-complete = 必填信息完整
check-attachments = 已上传证明材料
check-id-number = 身份证号校验通过
check-no-duplicates = 无重复推荐
check-duplicate-found = 疑似重复推荐
check-dup-id-number = 身份证号相同
check-dup-name-birth = 姓名和出生日期相同
check-dup-name = 名称相同
changes-title = 与上一版本相比的修改
changes-field = 栏目
changes-before = 修改前
changes-after = 修改后
inbox-title = 待推荐
inbox-intro = 以下推荐对象由下级单位报送，等待本单位决定向上推荐或退回。
inbox-quotas = 本单位推荐名额使用情况
inbox-used = 已用 / 名额
office-title = 文明办审核
office-select = 选择
office-bulk-eligible = 将所选标记为审核合格
progress-title = 推荐进度
progress-total = 合计
error-transition-state = 该推荐对象当前状态（{ $status ->
    [draft] { nomination-status-draft }
    [pending] { nomination-status-pending }
    [declined] { nomination-status-declined }
    [at_office] { nomination-status-at_office }
    [eligible] { nomination-status-eligible }
    [returned] { nomination-status-returned }
    [rejected] { nomination-status-rejected }
    [assessed] { nomination-status-assessed }
    [shortlisted] { nomination-status-shortlisted }
    [on_notice] { nomination-status-on_notice }
    [honoree] { nomination-status-honoree }
    [withdrawn] { nomination-status-withdrawn }
   *[other] { $status }
}）不能进行此操作，请查看最新状态。
error-quota-full = “{ $category }”类别本单位推荐名额（{ $quota } 个）已用完。
error-reason-required = 请填写理由。
flash-bulk-done = 所选推荐对象已标记为审核合格。
flash-bulk-partial = 部分推荐对象未能标记（可能已被他人办理），请查看列表。
decisions-your-reason = 您填写的理由（未保存）：
changes-private-data = 隐私信息（电话、出生日期、身份证号）
nav-audit = 审计日志
audit-title = 审计日志
audit-intro = 系统中每一项数据变更都记录在此，包括操作人、时间、来源地址及变更前后的内容。各条记录以哈希链相连，任何记录被修改、删除或插入都能被校验发现。
audit-verify = 校验哈希链
audit-export = 导出 CSV
audit-empty = 没有符合条件的记录。
audit-intact = 审计日志完整：共校验 { $count } 条记录。
audit-last = 最新记录 #{ $id } 的哈希：
audit-last-help = 请将此编号和哈希另行记录保存（如打印存档）。日后再次校验时进行比对，可发现末尾记录被截去或追加伪造记录的情况。
audit-broken = 审计日志已被篡改：第 #{ $id } 条记录处断链（已校验 { $checked } 条）。
audit-break-changed = 记录 #{ $id } 的内容与其哈希不符，已被修改。
audit-break-removed = 记录 #{ $id } 之前的记录已被删除。
audit-break-inserted = 记录 #{ $id } 不属于原有链条，是事后插入的。
audit-break-previous = 其前一条现存记录为 #{ $previous }。
audit-filter-actor-hint = 用户名
audit-filter-action-hint = 如 nomination.submit 或 nomination
audit-filter-entity-hint = 如推荐对象编号
audit-pages = 翻页
audit-newer = 较新的记录
audit-newest = 最新
audit-older = 较早的记录
audit-col-id = 编号
audit-col-time = 时间
audit-col-occurred-at = 时间（UTC，哈希所用格式）
audit-col-actor = 操作人
audit-col-actor-id = 操作人编号
audit-col-ip = 来源地址
audit-col-action = 操作
audit-col-entity = 对象
audit-col-entity-type = 对象类型
audit-col-entity-id = 对象编号
audit-col-campaign-id = 活动编号
audit-col-before = 变更前
audit-col-after = 变更后
audit-col-prev-hash = 前一条哈希
audit-col-hash = 哈希
dashboard-waiting-unit = 待本单位推荐：{ $count } 条
dashboard-waiting-office = 待文明办审核：{ $count } 条
field-aggregation = 评分汇总方法
aggregation-trimmed_mean = 去掉一个最高分和一个最低分后取平均
aggregation-mean = 简单平均
aggregation-z_score = 按评委标准化（Z 分数）
field-reviewers-per-nomination = 每个对象的评委人数
field-require-majority = 入围须过半数评委同意

# Evaluation
nav-evaluation = 专家评选
nav-evaluation-mine = 我的评审
evaluation-title = 专家评选
panels-title = 评审组
panels-none = 还没有评审组。
panels-new = 组建评审组
panels-members = 评审专家
field-panel-name = 评审组名称
assign-help = 将审核合格的推荐对象自动分配给本组评委：每个对象按类别设置的人数分配，避开有利益冲突的评委（本单位、上下级单位或已声明回避），并使评委工作量均衡。
assign-auto = 自动分配
assign-report = 新增分配 { $count } 条。
assign-short = 以下对象可分配的评委不足（缺少人数）：
assignments-none = 暂无分配。
assignments-reviewer = 评委
assignments-manual = 手动
rubric-title = 评分细则
rubric-deeds = 先进事迹
rubric-duration = 服务时长
rubric-impact = 社会影响
rubric-innovation = 创新性
field-criterion-name = 评分项
field-max-points = 满分
field-weight = 权重
mine-title = 我的评审任务
mine-intro = 以下是分配给您的评审对象，请逐一阅读材料后评分。如与某对象存在利益关系，请在其评审页面申请回避，系统将改派其他评委。
mine-progress = 共 { $count } 份，已提交 { $submitted } 份
steps-label = 评审任务翻页
steps-previous = 上一份
steps-next = 下一份
steps-position = 第 { $position } 份，共 { $count } 份
steps-next-to-score = 评下一份未完成的
workspace-reading = 评审材料
score-total = 加权合计
score-locked-help = 评分已提交并锁定，如需修改请联系文明办重新开放。
recuse-help = 如您与该对象存在亲属、同事等利益关系，请写明理由申请回避。回避后该任务改派其他评委，您将不再看到这份材料。
band-excellent = 优秀
band-good = 良好
band-fair = 一般
band-poor = 较差
mine-recuse = 申请回避
flash-recused = 已回避，该对象已改派。
error-assignment-conflict = 该评委与“{ $name }”存在利益冲突，不能分配。
error-assignment-duplicate = 该评委已分配到“{ $name }”。
error-panel-members = 评审组成员必须是启用的评审专家。
error-category-has-panel = 所选类别已由其他评审组负责。
error-criterion-needed = 至少需要一个评分项。
score-title = 评分
score-locked = 已提交，已锁定
score-verdict = 评审意见
score-approve = 同意推荐入围
score-not-approve = 不同意入围
score-comment = 意见说明（不同意时必填）
score-submit = 提交评分
score-submit-help = 提交后评分锁定，如需修改须由文明办重新开放。您看不到其他评委的评分。
sheet-status-draft = 草稿
sheet-status-submitted = 已提交
sheet-status-none = 未开始
sheet-reopen = 重新开放
ranking-title = 排名
ranking-rank = 名次
ranking-score = 得分
ranking-sheets = 已评 / 应评
ranking-approvals = 同意人数
ranking-reviews = 各评委评分
ranking-incomplete = 评分未完成
flash-score-submitted = 评分已提交。
flash-sheet-reopened = 已重新开放该评分。
error-score-range = 分数超出该项的分值范围。
error-comment-when-not-approving = 不同意入围时请填写意见说明。
error-sheet-locked = 评分已提交并锁定，如需修改请联系文明办。
error-sheet-not-submitted = 该评分尚未提交。
error-rubric-in-use = 已有评委评分，评分细则不能再修改。
shortlist-column = 入围（名额 { $quota }）
shortlist-rationale = 理由（未按排名先后选择时必填，记入审计日志）
shortlist-fix = 确定入围名单
shortlist-fixed = 已确定入围名单；可调整后重新确定。
flash-shortlist-fixed = 入围名单已确定。
error-shortlist-incomplete = 只能选择评分已完成的对象。
error-shortlist-quota = 入围人数超过该类别名额。
error-shortlist-majority = 该类别要求过半数评委同意，所选对象中有未达到的。
error-shortlist-rationale = 未按排名先后选择，请填写理由。
export-ranking-csv = 导出排名（CSV）
export-scoresheet-csv = 导出评分明细（CSV）
dashboard-progress = 评分进度
dashboard-distribution = 得分分布（已完成评分的对象）
dashboard-spread = 各评委打分分布（红线为平均）
dashboard-table = 以表格查看数据
dashboard-bin = 分数段
dashboard-count = 对象数
dashboard-low = 最低
dashboard-mean = 平均
dashboard-high = 最高
dashboard-sheets = 各份评分
dashboard-no-scores = 还没有提交的评分。
dashboard-none-complete = 还没有评分全部完成的对象。
matrix-title = 评委分配表
matrix-help = 每行一个推荐对象，每列一位评委。“分配”即手动指派该评委；“回避”表示该评委与对象有利益冲突（本单位、上下级单位或已声明回避），不能指派。
matrix-no-nominations = 该类别暂无待评对象。
matrix-scored = 已评 / 已分配
matrix-assign = 分配
matrix-assign-label = 分配{ $reviewer }评审{ $name }
matrix-unassign = 取消分配
matrix-unassign-label = 取消{ $reviewer }对{ $name }的评审分配
matrix-conflict = 回避
matrix-absent = 已不在本评审组
ranking-cutoff = 名额线：以上 { $quota } 个在名额内
ranking-cutoff-tie = 名额线处得分并列，请决定取舍。
list-separator = 、
export-ranking-xlsx = 导出排名（Excel）
export-scoresheet-xlsx = 导出评分明细（Excel）

# 公示、异议、名单与荣誉榜
nav-honors = 荣誉榜
action-back = 返回
action-search = 查询
action-next-page = 下一页
action-publish-notice = 发布公示
action-confirm-final = 确认最终名单并发布
action-decide = 作出处理决定
notices-title = 公示与名单
notices-open = 公示与名单
notices-shortlist = 拟表彰对象（入围名单）
notices-shortlist-empty = 尚未确定入围名单。请先在评审环节确定各类别入围对象。
notices-published = 已发布的公示
notices-compose = 编制公示
notices-correct = 更正公示（发布新版本）
notices-window-end = 按工作日历计算，公示截止日期为
notices-publish-help = 发布后公示内容不可修改，只能以新版本更正，旧版本仍可查阅。
doc-title = 标题
doc-version = 版本
doc-replaces = 查看被更正的上一版本
doc-change-note = 更正说明：
doc-superseded = 本公示已被更正，以新版本为准。
doc-superseded-short = 已更正
doc-see-current = 查看现行版本
doc-window = 公示期：
doc-working-days = 个工作日
doc-verify = 文件核验
doc-verify-help = 下载本文件的 JSON 原文，计算其 SHA-256 摘要，与上面的摘要一致即说明内容未被改动。
doc-json = JSON 原文
doc-xlsx = 下载 Excel
doc-csv = 下载 CSV
doc-published-at = 发布时间：
field-issuing-organ = 发文机关
field-doc-number = 文号
field-doc-number-help = 例如：李沧文明办〔2022〕12号（可留空）
field-issued-on = 成文日期
field-body = 正文
field-body-help = 可使用 [start]、[end]、[days]，发布时自动填入公示起止日期和工作日天数。
field-window-starts-on = 公示开始日期
field-working-days = 公示工作日天数
field-change-note = 更正说明
notice-default-title = 关于{ $campaign }拟表彰对象的公示
notice-default-body =
    根据{ $campaign }工作安排，经基层推荐、逐级审核和专家评审，确定了拟表彰对象，现予以公示，接受社会监督。
    公示时间：[start]至[end]（[days]个工作日）。
    公示期间，任何单位和个人如有异议，可通过本页面以实名方式提出，写明本人姓名、单位和联系电话，并提供必要的证明材料。匿名、冒名或逾期提出的异议不予受理。
    联系单位：{ $organizer }
notice-withdrawn-note = 经核实，撤销“{ $name }”的拟表彰资格。理由：{ $reason }
final-title = 最终名单
final-default-title = 关于{ $campaign }名单的公告
final-default-body = 经基层推荐、逐级审核、专家评审和社会公示，现将{ $campaign }先进典型名单公布如下。希望受到表彰的先进典型珍惜荣誉、再接再厉，继续发挥示范带动作用。
final-confirm-help = 确认后，入围对象成为受表彰的先进典型，名单即时公开发布且不可修改，并载入荣誉榜。
final-private-export = 含个人信息的内部导出（仅限办公室，操作将记入审计日志）
final-private-help = 内部导出包含联系电话、身份证号、出生日期等个人信息，仅用于正式报备，请妥善保管，不得公开。
error-calendar-line = 每行应以日期开头（格式：2024-10-01），可在日期后加说明。
error-calendar-both = 同一天不能既是节假日又是调休工作日。
error-window-end = 按当前工作日历无法算出公示截止日期，请检查天数或日历。
error-shortlist-empty = 入围名单为空，不能发布。
error-final-exists = 最终名单已经确认发布，不能再更改。
error-final-no-notice = 尚未发布公示，不能确认最终名单。
error-final-window-open = 公示期（{ $start } 至 { $end }）尚未结束，不能确认最终名单。
error-final-open-objections = 还有 { $count } 件异议尚未处理完毕，不能确认最终名单。
error-objection-window = 当前不在公示期内，不能提出异议（公示期：{ $start } 至 { $end }）。
error-objection-nominee = 请选择公示名单中的对象。
error-objection-decided = 该异议已作出处理决定，不能再更改。
flash-notice-published = 公示已发布。
flash-final-list-confirmed = 最终名单已确认并发布。
flash-objection-decided = 处理决定已记录。
objection-heading = 提出异议
objection-how = 对公示对象有异议的，请在公示期内实名提出：写明异议对象和具体事实，留下本人姓名、单位和联系电话，可附证明材料。提交后会得到受理编号，凭编号可查询办理结果。
objection-file-link = 对此提出异议
objection-status-link = 查询异议办理结果
objection-closed = 当前不在公示期内，不能提出异议。
objection-nominee = 异议对象
objection-choose = 请选择
objection-text = 异议内容
objection-text-help = 请写明具体事实和依据（不超过 2000 字）。
objection-filer-name = 姓名
objection-filer-unit = 工作单位
objection-filer-contact = 联系电话
objection-contact-help = 仅供办公室核实联系，不会公开。
objection-file = 证明材料（可选）
objection-file-help = JPG、PNG 或 PDF 文件。
objection-submit = 提交异议
objection-received = 异议已受理
objection-answer-by = 办公室将于 { $date } 前答复，届时可凭受理编号查询结果。
action-copy = 复制
copied = 已复制
error-objection-too-short = 请写明异议的具体事实和理由（至少 10 个字）。
objection-receipt-help = 请记下受理编号，凭此编号可查询办理进度和结果：
objection-receipt-code = 受理编号
objection-filed-at = 提交时间
objection-decided-at = 办结时间
objection-reason = 处理意见
objection-reason-help = 处理意见将告知异议人（凭受理编号查询）。
objection-not-found = 没有找到该受理编号，请核对后再试。
objection-notes = 调查记录
objection-add-note = 添加调查记录
objection-outcome = 处理决定
objection-correct = 异议成立时，立即发布撤下该对象的更正公示
objection-status-received = 已受理
objection-status-investigating = 调查核实中
objection-status-refused = 不予受理
objection-status-dismissed = 异议不成立
objection-status-upheld = 异议成立
objections-queue = 异议处理
objections-none = 暂无异议。
calendar-title = 工作日历
calendar-help = 公示期按工作日计算：周六、周日不计，下列节假日不计，下列调休上班日计入。每行一个日期（如 2024-10-01），日期后可加说明。
calendar-holidays = 节假日（不计入工作日）
calendar-workdays = 调休上班日（周末计入工作日）
honors-intro = 历年受表彰的志愿服务先进典型，以正式公布的名单为准。
honors-name = 姓名或名称
honors-unit = 推荐单位
honors-none = 没有符合条件的记录。
honoree-deeds = 主要事迹
honors-received = 所获荣誉
honors-final-list = 名单原文
honor-page-link = 荣誉档案
certificate-link = 荣誉证书
certificate-title = 荣誉证书
certificate-text = 在志愿服务工作中表现突出，特发此证，以资鼓励。
certificate-print-hint = 打印时请选择 A4 横向。
export-no = 序号
export-category = 类别
export-name = 姓名或名称
export-affiliation = 单位及职务
export-unit = 推荐单位
roster-title = 推荐汇总表
roster-download = 下载推荐汇总表
roster-help = 按当前筛选条件导出本活动的推荐对象：每个类别一个工作表（CSV 为一张表）。
feed-title = 志愿服务先进典型公示与名单
feed-kind-notice = 公示
feed-kind-final-list = 名单
export-campaign = 活动
export-confirmed-on = 确认日期
honors-export = 导出查询结果
error-invalid-characters = 输入中含有无法保存的字符（如不可见的控制字符），请删除后重试。

## The campaign's stages (one lifecycle)
colon = ：
stage-draft = 草稿（未发布）
stage-call = 宣传发动
stage-recommendation = 层层推荐
stage-review = 严格审核
stage-evaluation = 专家评选
stage-shortlist = 确定入围
stage-notice = 网上公示
stage-final_list = 公布名单
stage-archived = 已归档
stage-short-call = 发动
stage-short-recommendation = 推荐
stage-short-review = 审核
stage-short-evaluation = 评选
stage-short-shortlist = 入围
stage-short-notice = 公示
stage-short-final_list = 名单
stage-short-archived = 归档
stage-help-draft = 活动尚未发布，仅文明办可见。填好类别、名额和各阶段日期后，点击“下一步”发布活动。
stage-help-call = 活动已公开发布，进行宣传发动；进入“层层推荐”后各单位才能填写和提交推荐。
stage-help-recommendation = 社区等推荐单位在提交截止日前提交推荐，街道、区在各自截止日前向上推荐或退回。
stage-help-review = 文明办逐一审核报送的推荐：审核合格、退回修改或不予通过；被退回的单位在审核截止日前修改重报。
stage-help-evaluation = 组建评审组、设置评分细则并分配评审任务，专家匿名评分。
stage-help-shortlist = 根据评分排名，在名额内确定各类别入围名单并排定顺序。
stage-help-notice = 撰写并发布公示，公示期内受理实名异议并作出处理。
stage-help-final_list = 公示期满、异议全部处理完毕后，确认并发布最终名单。
stage-help-archived = 活动已结束，所有内容只读；最终名单如需更正，以新版本发布。
stage-bar-label = 活动进程
stage-now = 当前阶段：
stage-current = （当前）
stage-deadlines = 各级截止日期
stage-days-left = { $count ->
    [0] 今天截止
   *[other] 还剩 { $count } 天
}
stage-state-closed = 已过截止日期
stage-state-done = 已完成
stage-next-button = 下一步：进入“{ $stage }”
stage-advance-title = 进入下一阶段
stage-advance-from-to = 活动将从“{ $from }”进入“{ $to }”。此操作记入审计日志，日期不会自动推进阶段。
stage-advance-confirm = 确认进入“{ $stage }”
stage-open-title = 本阶段仍未完成的事项
stage-open-help = 进入下一阶段后，以上事项保持原状，不能再在本阶段办理。
stage-open-none = 本阶段没有未完成的事项。
stage-open-drafts = { $count } 份推荐仍是草稿，尚未提交
stage-open-pending = { $count } 份推荐仍在街道或区的待办中
stage-open-declined = { $count } 份推荐被退回后尚未重新提交
stage-open-at-office = { $count } 份推荐尚未审核
stage-open-returned = { $count } 份推荐退回修改后尚未重报
stage-open-unscored = { $count } 份推荐尚未评完分
stage-open-not-shortlisted = { $count } 份已评分的推荐未列入入围名单
stage-open-objections = { $count } 件异议尚未作出处理决定
stage-open-window = 公示期还有 { $count } 天才结束
stage-blocked-shortlist = 还没有任何入围对象，不能进入公示阶段。请先在评分排名页确定入围名单。
stage-blocked-notice = 公示尚未发布，不能进入公布名单阶段。
stage-blocked-final-list = 最终名单尚未确认发布，不能归档。
stage-blocked-archived = 活动已归档，没有下一阶段。
stage-back-summary = 退回到“{ $stage }”阶段
stage-back-help = 只有本阶段尚未办理任何事项时才能退回；请写明原因，记入审计日志。
stage-back-button = 退回上一阶段
stage-back-none = 活动尚未发布，没有可以退回的阶段。
stage-back-started = “{ $stage ->
    [recommendation] 层层推荐
    [review] 严格审核
    [clearance] 联审
    [evaluation] 专家评选
    [voting] 网上投票
    [shortlist] 确定入围
    [notice] 网上公示
    [final_list] 公布名单
   *[other] { $stage }
}”阶段已经开始办理，退回会留下已办理的结果，因此不能退回。
error-stage = 此操作属于“{ $allowed ->
    [draft] 草稿
    [call] 宣传发动
    [recommendation] 层层推荐
    [review] 严格审核
    [clearance] 联审
    [evaluation] 专家评选
    [voting] 网上投票
    [shortlist] 确定入围
    [notice] 网上公示
    [final_list] 公布名单
    [archived] 归档
   *[other] { $allowed }
}”阶段，本活动当前处于“{ $current ->
    [draft] 草稿
    [call] 宣传发动
    [recommendation] 层层推荐
    [review] 严格审核
    [clearance] 联审
    [evaluation] 专家评选
    [voting] 网上投票
    [shortlist] 确定入围
    [notice] 网上公示
    [final_list] 公布名单
    [archived] 已归档
   *[other] { $current }
}”阶段{ $dates ->
    [none] {""}
   *[other] （{ $dates }）
}。
error-stage-deadline = “{ $stage ->
    [recommendation] 层层推荐
    [review] 严格审核
    [clearance] 联审
    [evaluation] 专家评选
    [voting] 网上投票
   *[other] { $stage }
}”阶段的这项办理已于 { $closes } 截止。
error-stage-window = 公示期为 { $opens } 至 { $closes }，现在不在公示期内。
flash-stage-advanced = 活动已进入下一阶段。
flash-stage-back = 活动已退回上一阶段。
campaigns-group-in_progress = 进行中的活动
campaigns-group-finished = 已结束的活动
col-stage = 阶段
col-stage-dates = 本阶段日期
dashboard-no-campaigns-in_progress = 目前没有进行中的活动。
dashboard-no-campaigns-finished = 还没有已结束的活动。
field-street-closes-on = 街道推荐截止日期
field-street-closes-on-help = 街道向上推荐或退回的最后一天（街道参与推荐时填写）。
field-district-closes-on = 区推荐截止日期
field-district-closes-on-help = 区向上推荐或退回的最后一天（区参与推荐时填写）。
field-city-closes-on = 市推荐截止日期
field-city-closes-on-help = 各市向省文明办推荐或退回的最后一天（市参与推荐时填写）。
field-evaluation-closes-on = 评分截止日期
field-evaluation-closes-on-help = 选填；专家提交评分的最后一天。
nomination-status-assessed = 已评分
nomination-status-shortlisted = 已入围
nomination-status-on_notice = 公示中
nomination-status-honoree = 已当选
nomination-status-withdrawn = 已撤销
decision-assess = 评分完成
decision-unassess = 评分重新开放
decision-shortlist = 列入入围名单
decision-unshortlist = 移出入围名单
decision-put_on_notice = 发布公示
decision-withdraw = 撤销
decision-confirm = 确认为先进典型
decision-revoke = 更正名单时撤销
evaluation-not-now = 评审组只能在“专家评选”阶段组建和调整；本活动当前处于“{ $stage }”阶段。
evaluation-read-only = 本活动不在“专家评选”阶段：评审组、分配和评分细则只能查看，不能修改。
score-closed = 现在不能评分：活动不在“专家评选”阶段，或评分已截止。以下内容只能查看。
shortlist-not-now = 入围名单只能在“确定入围”阶段确定；下表显示各推荐对象当前的状态。
notices-not-now = 公示在“网上公示”阶段撰写和发布；本活动当前处于“{ $stage }”阶段。
objection-not-now = 异议只能在“网上公示”和“公布名单”阶段、最终名单确认之前处理。

## The final list's order and corrections
order-help = 填写每个类别内的排列顺序（1 为第一位），默认按评分排名。公示、最终名单、导出文件和荣誉证书都按此顺序。
order-place = 顺序
order-save = 保存顺序
flash-order-saved = 排列顺序已保存。
error-order-number = 请填写从 1 开始的整数。
correct-title = 更正最终名单
correct-help = 最终名单发布后不再改动：更正将作为新版本发布，并链接到被更正的版本，旧版本仍可查阅。取消勾选即从名单中撤销（同时撤销其荣誉），也可以更正姓名、单位和顺序。
correct-lines = 名单各行
correct-keep = 保留
correct-document = 更正版本的文件信息
correct-note-help = 必填：写明更正了什么、为什么更正，将显示在新版本上并记入审计日志。
correct-publish = 发布更正版本
flash-final-list-corrected = 最终名单的更正版本已发布。
error-correction-empty = 更正后名单不能为空；如需撤销全部，请另行发文。

## What a decision did
flash-decided-submit = 已提交：“{ $name }”现在在{ $to ->
    [office] 文明办
   *[other] { $to }
}。
flash-decided-resubmit = 已重新提交：“{ $name }”回到文明办审核。
flash-decided-recommend = 已推荐：“{ $name }”现在在{ $to ->
    [office] 文明办
   *[other] { $to }
}。本单位“{ $category }”名额还剩 { $left } 个。
flash-decided-decline = 已退回：“{ $name }”回到{ $to }。
flash-decided-mark_eligible = “{ $name }”已审核合格。
flash-decided-return_for_revision = “{ $name }”已退回{ $to }修改。
flash-decided-reject = “{ $name }”未通过审核。
flash-decided-withdraw = “{ $name }”已撤销。
reason-banner-returned = 文明办退回修改，理由：
reason-banner-declined = 上级退回，理由：
reason-banner-withdrawn = 已撤销，理由：
reason-banner-rejected = 未通过审核，理由：

## What needs a person now
todo-title = 待办事项
todo-none = 目前没有需要您办理的事项。
todo-returned = “{ $name }”被退回修改（{ $campaign }）
todo-declined = “{ $name }”被上级退回（{ $campaign }）
todo-drafts = { $count } 份推荐草稿尚未提交（{ $campaign }）
todo-inbox = { $count } 份推荐等待本单位推荐或退回（{ $campaign }）
todo-score = { $count } 份评分表待完成（{ $campaign }）：开始下一份
todo-review = { $count } 份推荐等待审核（{ $campaign }）
todo-unscored = { $count } 份推荐尚未评完分（{ $campaign }）
todo-objections = { $count } 件异议待处理（{ $campaign }）
todo-next-step = “{ $campaign }”等待进入下一阶段（当前：{ $name ->
    [draft] 草稿
    [call] 宣传发动
    [recommendation] 层层推荐
    [review] 严格审核
    [clearance] 联审
    [evaluation] 专家评选
    [voting] 网上投票
    [shortlist] 确定入围
    [notice] 网上公示
    [final_list] 公布名单
   *[other] { $name }
}）
todo-days-left = { $count ->
    [0] 今天截止（{ $date }）
   *[other] 还剩 { $count } 天（{ $date } 截止）
}
todo-overdue = 已于 { $date } 截止
todo-quota-left = 剩余名额
campaigns-copy = 以此为模板新建
campaigns-copy-help = 这是上一届活动的副本：类别、名额、推荐层级、评分办法和评分细则已复制，各阶段日期已顺延一年。请核对后保存。

## Eligibility rules
rules-title = 推荐条件
rules-help = 不符合以下条件的推荐对象，文明办须勾选“破格认定”并写明理由才能认定合格。留空表示不设此条件。
rules-help-new = 新类别按其对象类型适用条件：服务时长、注册要求（个人），年限（个人、组织、项目），成员人数（组织）。留空表示不设此条件。
campaigns-category-new = 新增类别（选填，不填名称则不保存）
field-min-years-person = 参加志愿服务至少（年）
field-min-years-organization = 成立至少（年）
field-min-years-project = 项目运行至少（年）
field-min-years-community = 年限要求（年）
field-needs-registration = 须在全国志愿服务信息系统注册
field-min-members = 组织志愿者至少（人）
field-active-since = 开始参加志愿服务的日期
field-registered = 已在全国志愿服务信息系统注册
help-volunteer-hours = 本年度志愿服务时长（本类别要求至少 { $min } 小时；0 表示不要求）。
help-active-since = 用于计算服务年限（本类别要求至少 { $min } 年；0 表示不要求）。
answer-yes = 是
answer-no = 否
rule-years-person = 参加志愿服务满 { $min } 年
rule-years-organization = 成立满 { $min } 年
rule-years-project = 项目运行满 { $min } 年
rule-registered = 已在全国志愿服务信息系统注册
rule-hours = 本年度志愿服务时长不少于 { $min } 小时
rule-members = 组织志愿者不少于 { $min } 人
check-passed = 符合：
check-failed = 不符合：
check-hard = 硬性条件
changes-return-reason = 本次退回理由：
decisions-choose = 办理决定
decisions-reason-help = 退回、不予通过、撤销和破格认定须写明理由。
decisions-override = 破格认定：虽有硬性条件不符合，仍认定审核合格
decisions-override-help = 须在上方写明理由；破格认定及所涉条件记入审计日志。
decisions-submit = 提交决定
error-rules-failed = 该推荐对象有 { $count } 项硬性条件不符合（见检查清单）。如确需认定合格，请勾选“破格认定”并写明理由。
error-override-reason = 破格认定须写明理由。
queue-all-passed = 各项均符合
inbox-places = 本单位名额：已用 { $used } / { $quota }，还剩 { $left } 个
inbox-full = 名额已用完：如需推荐此项，请先退回已推荐的其他推荐对象，或联系上级调整名额。
inbox-empty = 目前没有等待本单位推荐的推荐对象。
decision-places = 本单位“{ $category }”名额：已用 { $used } / { $quota }，还剩 { $left } 个。
notice-phase-upcoming = 公示期自 { $start } 开始，届时可以对公示对象提出异议。
notice-phase-closed = 公示期已于 { $end } 结束，不再受理异议。已提出的异议可凭回执码查询处理结果。
notice-final-list-link = 查看最终名单
home-bulletins = 通知公告
home-notice-open = 公示中，剩 { $count } 个工作日（{ $date } 结束）
home-notice-upcoming = 公示将于 { $date } 开始
home-notice-closed = 公示已于 { $date } 结束，名单待公布
home-notice-coming = 即将公示
home-recommending = 推荐中，{ $date } 截止
home-recommendation-closed = 推荐已截止
home-list-published = 名单已公布
home-in-stage = 当前：{ $stage }
checkpoints-title = 审计记录检查点
checkpoints-intro = 文明办的每一次操作都记入不可改写的审计记录。每次发布公示或名单时、此后至少每天一次，系统记下审计记录的最后一条事件及其哈希，并用文明办的密钥签名。任何人都可以保存这些检查点；日后若有人改写、截断或替换记录，核对即可发现。
checkpoints-download = 下载检查点列表（JSON）
checkpoints-none = 还没有检查点。
checkpoint-event = 事件编号
checkpoint-reason = 缘由
checkpoint-reason-publication = 发布文件
checkpoint-reason-daily = 每日
checkpoint-of-document = 本文件发布时，审计记录记至第 { $event } 号事件，并经文明办签名：
checkpoint-hash = 事件哈希
checkpoint-signed-at = 签名时间
checkpoint-signature = 签名
checkpoint-public-key = 文明办公钥（Ed25519）
checkpoint-help = 保存本页，日后可用 laurel audit verify --against 核对审计记录是否被改动。所有检查点：

## Clearance by other agencies (联审)
role-agency = 联审部门
unit-kind-agency = 联审部门
nav-clearance = 联审
col-serial = 序号
stage-clearance = 部门联审
stage-short-clearance = 联审
stage-help-clearance = 法院、检察院、公安、信用办、纪委监委等联审部门在截止日前逐一核查候选人，作出“无异议”或“有异议”（附保密理由）的意见；有异议的候选人由文明办决定撤销或保留。联审内容一律不公开。
stage-blocked-clearance = 还有联审部门提出异议的候选人未作处理决定，不能进入下一阶段。
stage-blocked-clearance-agencies = 尚未指定联审部门，不能进入下一阶段。
stage-open-unanswered = { $count } 项联审意见尚未反馈
error-clearance-no-stage = 本活动没有部门联审阶段。
error-clearance-not-candidate = 该推荐不在联审候选人之列。
error-clearance-decided = 文明办已对该候选人作出处理决定，联审意见不能再更改。
error-clearance-no-objection = 没有联审部门对该候选人提出异议，无需作出处理决定。
error-clearance-agency-answered = 已反馈意见的联审部门不能移除。
error-clearance-agency-unknown = 请选择“联审部门”类型的单位。
error-clearance-fixed = 活动已进行到联审阶段或其所在位置之后，不能再增加、移动或取消联审阶段。
error-role-agency-unit = 联审部门的用户须属于联审部门单位，联审部门单位的用户只能是联审部门角色。
todo-clearance = { $count } 名候选人等待本部门联审意见（{ $campaign }）
todo-clearance-decide = { $count } 名候选人被联审部门提出异议，等待处理决定（{ $campaign }）
field-clearance-after = 部门联审
field-clearance-after-help = 大型评选可在公示前增加部门联审：选择放在哪个阶段之后。
clearance-after-none = 不进行部门联审
clearance-after = 在“{ $stage }”之后
field-clearance-closes-on = 联审意见反馈截止日
clearance-title = 部门联审
clearance-office-help = 联审在“{ $stage }”之后进行，各部门须在 { $closes } 前反馈意见。有异议的候选人须由文明办决定撤销或保留；联审内容不公开。
clearance-agencies = 联审部门
clearance-agencies-pick = 参加本次联审的部门
clearance-no-agencies = 还没有“联审部门”类型的单位，请先在单位管理中添加（如法院、检察院、公安局、信用办、纪委监委）。
clearance-matrix = 联审进度
clearance-progress = 已反馈 { $answered } / { $expected } 项意见；{ $undecided } 名有异议的候选人待处理。
clearance-no-candidates = 目前没有联审候选人。
clearance-opinion = 联审意见
clearance-opinion-no_objection = 无异议
clearance-opinion-objection = 有异议
clearance-opinion-none = 未反馈
clearance-reason = 异议理由（保密）
clearance-reason-help = 提出异议时必填；仅文明办可见，不会公开。
clearance-objections = 异议数
clearance-decision = 处理决定
clearance-decision-reason = 理由（撤销原因或保留依据）
clearance-decision-keep = 保留
clearance-decision-withdraw = 撤销
clearance-decide = 作出决定
clearance-undecided = 待处理
clearance-sheet = 联审表
clearance-sheet-short = 联审表
clearance-sheet-export = 下载本部门联审表（XLSX）
clearance-summary = 联审汇总表
clearance-summary-export = 下载联审汇总表（XLSX）
clearance-mine = 部门联审
clearance-agency-help = 以下是指定本部门参加联审的活动。请在截止日前逐一核查候选人并反馈意见。
clearance-mine-none = 目前没有需要本部门联审的活动。
clearance-closes-on = 反馈截止日
clearance-waiting = 待反馈 / 候选人
clearance-queue = 联审候选人
clearance-queue-open = 请在 { $closes } 前反馈意见；已反馈 { $answered } / { $total }。
clearance-queue-closed = 反馈已于 { $closes } 截止。
clearance-confidential = 候选人信息仅供核查使用，请勿外传；身份证号在候选人页面显示，每次查看均记入审计日志。
clearance-id-audited = 本页显示完整身份证号，查看已记入审计日志。
clearance-deadline = 反馈截止日：{ $closes }；截止前可修改意见。
clearance-answer = 提交意见
clearance-answer-closed = 反馈已截止（{ $closes }）或文明办已作出处理决定，意见不能再更改。
flash-clearance-answered = 联审意见已提交。
flash-clearance-decided = 处理决定已记录。

## Public online voting (网上投票)
stage-voting = 网上投票
stage-short-voting = 投票
stage-help-voting = 公众在投票期内经手机验证码验证后为候选人投票；疑似集中刷票的票数暂不计入，由文明办确认或作废。
stage-blocked-votes-held = 还有被暂扣的疑似刷票未处理，不能进入下一阶段。
error-voting-fixed = 活动已进行到网上投票阶段或其所在位置之后，不能再增加或取消网上投票。
error-vote-window = 投票期为 { $opens } 至 { $closes }，现在不在投票期内。
error-vote-phone = 请填写 11 位手机号码。
error-vote-code-wrong = 验证码不正确。
error-vote-code-expired = 验证码已过期，请重新获取。
error-vote-code-used = 验证码已使用过，请重新获取。
error-vote-code-attempts = 验证码输错次数过多，请重新获取。
error-vote-code-send = 验证码发送失败，请稍后重试。
error-vote-challenge = 请正确回答下面的算术题后再获取验证码。
error-vote-not-verified = 请先用手机验证码验证后再投票。
error-vote-limit = 您今天在该类别的票数已用完。
error-vote-already = 您今天已为该候选人投过票。
error-vote-one-candidate = 本次投票每人在每个类别只能支持一名候选人。
field-voting = 网上投票
field-voting-on = 评审后开展网上投票（专家评审 + 网上投票）
field-voting-opens-on = 投票开始日期
field-voting-closes-on = 投票截止日期
field-votes-per-day = 每人每天每类别票数
field-vote-several = 可投给不同候选人（每名候选人每天一票）
field-vote-totals = 向公众显示实时票数
field-vote-weight = 网上投票权重（%）
field-vote-weight-help = 如填 30，则最终得分 = 专家评分 × 70% + 投票得分 × 30%；不填则票数仅供参考。
vote-go = 参与网上投票
vote-title = 网上投票
vote-window = 投票期：
vote-rules-several = 每人每天在每个类别可投 { $count } 票，可投给不同候选人，每名候选人每天一票。
vote-rules-one = 每人每天在每个类别可投 { $count } 票，只能投给同一名候选人。
vote-closed = 现在不在投票期内。
vote-verify = 验证手机号码
vote-verify-help = 投票前须用手机验证码验证身份。手机号码仅以加密摘要保存，不会公开。
vote-phone = 手机号码
vote-challenge = 请计算：{ $question } = ？
vote-send-code = 获取验证码
vote-code-sent = 验证码已发送，请在下面填写。
vote-code = 验证码
vote-verify-button = 验证
vote-left-today = 您今天在本类别还有 { $count } 票
vote-count = { $count } 票
vote-for = 投票给{ $name }
flash-vote-verified = 验证成功，现在可以投票。
flash-vote-cast = 投票已记录，谢谢参与！
votes-held-title = 暂扣的疑似刷票
votes-held-help = 同一网段在同一分钟内集中投票、或连续多分钟在同一秒投票的票数会被暂扣，不计入票数；请逐组确认有效或作废。
votes-held-none = 没有暂扣的票。
votes-prefix = 网段
votes-flag = 原因
votes-flag-burst_minute = 同一分钟内集中投票
votes-flag-burst_pattern = 多分钟同一秒规律投票
votes-count = 票数
votes-when = 时间
votes-accept = 确认有效
votes-reject = 作废
ranking-expert = 专家评分（折算）
ranking-votes = 票数（折算）
ranking-votes-reference = 网上投票（参考）
ranking-blended = 综合得分
ranking-blend-help = 综合得分 = 专家评分折算为百分制 × { $experts }% + 投票得分 × { $weight }%（投票得分 = 票数 ÷ 本类别最高票数 × 100）；括号内为折算后的分数。
ranking-votes-reference-help = 排名按专家评分；网上投票票数仅供参考。
vote-verify-to-vote = 验证手机号码后投票
