"""The app's translation table: every string a screen shows, Chinese first, then English.

Keys are dotted by screen (``sign_in.title``) or shared piece (``sync.offline``). Values may
hold ``{name}`` placeholders filled by :meth:`fieldapp.ui.i18n.Translator.t`. A screen never
holds a literal in either language; messages computed by lower layers arrive as
:class:`~fieldapp.domain.text.Text` pairs and are shown with ``Translator.text``.
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # -- the app ---------------------------------------------------------------------------
    "app.title": ("上门售后服务", "On-site service"),
    "app.loading": ("正在打开…", "Opening…"),
    "common.back": ("返回", "Back"),
    "common.ok": ("确定", "OK"),
    "common.cancel": ("取消", "Cancel"),
    "common.copy": ("复制", "Copy"),
    "common.copied": ("已复制", "Copied"),
    "common.none": ("无", "none"),
    "common.unknown": ("未知", "unknown"),
    # -- navigation -------------------------------------------------------------------------
    "nav.jobs": ("今日工单", "Today"),
    "nav.outbox": ("待发送", "Outbox"),
    "nav.settings": ("设置", "Settings"),
    # -- sign-in ----------------------------------------------------------------------------
    "sign_in.title": ("技术员登录", "Technician sign-in"),
    "sign_in.service_url": ("服务地址", "Service address"),
    "sign_in.username": ("用户名", "Username"),
    "sign_in.password": ("密码", "Password"),
    "sign_in.submit": ("登录", "Sign in"),
    "sign_in.busy": ("正在登录…", "Signing in…"),
    "sign_in.expired": (
        "登录已过期，请重新输入密码；未发送的更改都已保留",
        "your sign-in has expired; enter your password again. Unsent changes are kept",
    ),
    "sign_in.need_url": ("请填写服务地址", "enter the service address"),
    "sign_in.need_username": ("请填写用户名", "enter your username"),
    "sign_in.need_password": ("请填写密码", "enter your password"),
    # -- sync indicator --------------------------------------------------------------------
    "sync.unknown": ("尚未同步", "Not synced yet"),
    "sync.offline": ("离线", "Offline"),
    "sync.online": ("已联网", "Online"),
    "sync.syncing": ("正在同步", "Syncing"),
    "sync.pending": ("{n} 项待发送", "{n} to send"),
    "sync.attention": ("{n} 项需处理", "{n} need attention"),
    "sync.all_sent": ("已全部发送", "All sent"),
    "sync.sign_in_required": ("需要重新登录", "Sign in again"),
    "sync.now": ("立即同步", "Sync now"),
    "sync.last_success": ("上次同步成功：{when}", "Last synced: {when}"),
    "sync.never": ("从未同步", "never synced"),
    "sync.progress": ("已发送 {done}/{total}", "Sent {done}/{total}"),
    # -- one sheet on its way (the same summary as the indicator) -------------------------------
    "delivery.waiting_offline": (
        "已加入待发送，联网时自动发送",
        "Queued: sent as soon as the service answers",
    ),
    "delivery.waiting": ("待发送，即将自动发送", "Queued: being sent shortly"),
    "delivery.sending": ("正在发送…", "Sending…"),
    "delivery.sign_in": ("待发送：重新登录后自动发送", "Queued: sent once you sign in again"),
    "delivery.refused": (
        "服务中心未接受，原因见待发送",
        "Not accepted by the service centre: see why in the outbox",
    ),
    "delivery.sent": ("已发送到服务中心", "Sent to the service centre"),
    # -- today's jobs -------------------------------------------------------------------------
    "jobs.title": ("我的工单", "My jobs"),
    "jobs.today": ("今天", "Today"),
    "jobs.prev_day": ("前一天", "Previous day"),
    "jobs.next_day": ("后一天", "Next day"),
    "jobs.pick_day": ("选择日期", "Pick a day"),
    "jobs.search": ("搜索单号、客户、电话或机身编号", "Search ticket, customer, phone or serial"),
    "jobs.none_today": ("这一天没有工单", "No jobs on this day"),
    "jobs.none_found": ("没有找到匹配的工单", "No job matches"),
    "jobs.count": ("共 {n} 单", "{n} jobs"),
    "jobs.found": ("找到 {n} 单", "{n} found"),
    "jobs.search_more": ("只显示前 {n} 单，请缩小搜索", "showing the first {n}; narrow the search"),
    "jobs.unsynced": ("未同步", "Not synced"),
    "jobs.returned": ("主管退回：{comment}", "Returned by supervisor: {comment}"),
    "jobs.appointment": ("预约 {when}", "Appointment {when}"),
    "jobs.no_appointment": ("未预约时间", "No appointment"),
    "jobs.call": ("拨打 {phone}", "Call {phone}"),
    "urgency.normal": ("普通", "Normal"),
    "urgency.urgent": ("紧急", "Urgent"),
    "status.recorded": ("已登记", "Recorded"),
    "status.assigned": ("已派工", "Assigned"),
    "status.in_progress": ("处理中", "In progress"),
    "status.awaiting_review": ("待审批", "Awaiting review"),
    "status.closed": ("已完成", "Closed"),
    "status.cancelled": ("已取消", "Cancelled"),
    # -- job detail --------------------------------------------------------------------------
    "job.title": ("工单详情", "Job"),
    "job.ticket": ("报修单号", "Ticket"),
    "job.customer": ("客户", "Customer"),
    "job.customer_type": ("客户类型", "Customer type"),
    "job.customer_type.consumer": ("个人用户", "Consumer"),
    "job.customer_type.industry": (
        "行业客户（合同保修 {years} 年）",
        "Industry ({years}-year contract)",
    ),
    "job.phone": ("电话", "Phone"),
    "job.address": ("地址", "Address"),
    "job.product": ("产品", "Product"),
    "job.serial": ("登记机身编号", "Registered serial"),
    "job.purchase_date": ("购机日期", "Purchase date"),
    "job.fault": ("故障描述", "Reported fault"),
    "job.reported_at": ("报修时间", "Reported at"),
    "job.appointment": ("预约时间", "Appointment"),
    "job.urgency": ("紧急程度", "Urgency"),
    "job.status": ("状态", "Status"),
    "job.centre": ("服务中心", "Service centre"),
    "job.service_levels": ("服务时限", "Service levels"),
    "job.history": ("此机身编号的维修记录", "Earlier visits for this serial"),
    "job.history_none": ("没有以前的维修记录", "No earlier visits"),
    "job.history_offline": (
        "离线：显示上次联网时保存的记录",
        "offline: showing what was saved when last online",
    ),
    "job.history_unknown": ("尚未取得维修记录（需联网）", "Not fetched yet (needs a connection)"),
    "job.history_no_serial": ("未登记机身编号", "No serial registered"),
    "job.warranty": ("保修判定", "Warranty"),
    "job.start_visit": ("开始上门", "Start visit"),
    "job.continue_visit": ("继续上门", "Continue the visit"),
    "job.fix_returned": ("按退回意见修改", "Fix what was returned"),
    "job.review_comment": ("主管退回意见", "Supervisor's comment"),
    "job.checked_in": ("已到达签到：{when}", "Checked in: {when}"),
    "arrival.count": ("到达检查 {done}/{total}", "Arrival checks {done}/{total}"),
    "arrival.work_id_shown": ("出示工作证", "Work ID shown"),
    "arrival.work_order_shown": ("出示工作单", "Work order shown"),
    "job.visit_next": (
        "点「继续上门」进入后续步骤：核对、诊断、维修、签名",
        "Tap Continue visit for the rest: check, diagnosis, repair, signature",
    ),
    "job.select": ("请选择左侧的工单", "Choose a job on the left"),
    "job.sheet_state.pending": ("待发送", "waiting to be sent"),
    "job.sheet_state.sent": ("已发送", "sent"),
    "job.sheet_state.attention": ("需处理：{message}", "needs attention: {message}"),
    "job.sheet_state.approved": ("已通过审批", "approved"),
    "job.history_fetched": ("更新于 {when}", "updated {when}"),
    "job.history_visit": ("{day}：{opened}，{resolved}", "{day}: {opened}, {resolved}"),
    "job.history_opened": ("开机维修", "opened up"),
    "job.history_not_opened": ("未开机", "not opened"),
    "job.history_resolved": ("已修复", "resolved"),
    "job.history_unresolved": ("未修复", "not resolved"),
    "job.verdict_reasons": ("判定依据", "Reasons"),
    "job.not_found": ("本机没有这张工单", "This job is not on the device"),
    "job.sheet_open": ("报告单填写中（第 {n} 版）", "Job sheet being filled in (revision {n})"),
    "job.sheet_submitted": ("报告单已提交（第 {n} 版）", "Job sheet submitted (revision {n})"),
    "job.view_sheet": ("查看报告单", "View the job sheet"),
    "job.second_visit": ("开始再次上门", "Start the next visit"),
    "job.second_visit_title": ("再次上门", "Another visit"),
    "job.second_visit_confirm": (
        "上次上门约定了再次上门。现在开始新的一次上门吗？上次的报告单保持不变。",
        "The last visit booked another visit. Start the new visit now? "
        "The last job sheet stays as it is.",
    ),
    # -- outbox -----------------------------------------------------------------------------
    "outbox.title": ("待发送", "Outbox"),
    "outbox.empty": ("没有待发送的内容", "Nothing waiting to be sent"),
    "outbox.sheet": (
        "报告单 {ticket}（第 {version} 版）",
        "Job sheet {ticket} (version {version})",
    ),
    "outbox.file": ("文件 {name}（{size}）", "File {name} ({size})"),
    "outbox.file.waiting": ("等待发送", "waiting to be sent"),
    "outbox.file.sent": ("服务器已收到", "received by the service"),
    "outbox.file.refused": ("未能发送：{why}", "not sent: {why}"),
    "outbox.file.lost": (
        "手机上找不到这个文件，请重新拍摄或签名",
        "not on this phone any more; take or sign it again",
    ),
    "outbox.state.pending": ("等待发送", "Waiting"),
    "outbox.state.attention": ("需处理", "Needs attention"),
    "outbox.state.sending": ("正在发送", "Sending"),
    "outbox.retry": ("重新发送", "Send again"),
    "outbox.files_of": ("附件 {n} 个", "{n} files"),
    # -- settings ---------------------------------------------------------------------------
    "settings.title": ("设置", "Settings"),
    "settings.language": ("语言", "Language"),
    "settings.service_url": ("服务地址", "Service address"),
    "settings.technician": ("登录的技术员", "Signed-in technician"),
    "settings.technician_value": ("{name}（{username}）", "{name} ({username})"),
    "settings.device": ("设备编号", "Device"),
    "settings.version": ("应用版本", "App version"),
    "settings.data_size": ("本机数据", "Data on this device"),
    "settings.data_size_value": ("{jobs} 单，{size}", "{jobs} jobs, {size}"),
    "settings.export": ("导出诊断信息", "Export diagnostics"),
    "settings.exported": ("诊断信息已保存：{path}", "Diagnostics saved: {path}"),
    "settings.sign_out": ("退出登录", "Sign out"),
    "settings.sign_out_confirm": (
        "退出后本机将不再保留客户资料。确定退出？",
        "Signing out removes the customers' data from this device. Sign out?",
    ),
    "lang.zh": ("简体中文", "简体中文"),
    "lang.en": ("English", "English"),
    # -- errors -----------------------------------------------------------------------------
    "error.unexpected": ("出错了：{detail}", "Something went wrong: {detail}"),
    "error.read_jobs": ("读取工单出错：{detail}", "could not read the jobs: {detail}"),
    "error.read_job": ("读取工单出错：{detail}", "could not read the job: {detail}"),
    "error.read_outbox": ("读取待发送内容出错：{detail}", "could not read the outbox: {detail}"),
    "error.start_visit": ("开始上门出错：{detail}", "could not start the visit: {detail}"),
    "error.sign_in": ("登录出错：{detail}", "sign-in failed: {detail}"),
    "error.sign_out": ("退出失败：{detail}", "sign-out failed: {detail}"),
    "error.save": ("未能保存：{detail}", "could not save: {detail}"),
    "error.export": ("导出失败：{detail}", "export failed: {detail}"),
}

# The visit's screens keep their part of the table beside this one.
from fieldapp.ui.strings_visit import VISIT_STRINGS  # noqa: E402

STRINGS.update(VISIT_STRINGS)

# The back office's screens keep theirs beside them too.
from fieldapp.ui.strings_office import OFFICE_STRINGS  # noqa: E402

STRINGS.update(OFFICE_STRINGS)
